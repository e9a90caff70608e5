/** The KV store: a run's output in arrival order, traces kept and the latest highlighted on the topology. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { KvCallTrace } from '../../engine/client/trace';
import { appendKvOutput, beginKvRun, finishKvRun, highlightKvTrace, KV_OUTPUT_MAX, pushKvTrace, resetKvState, useKvStore } from './kvStore';
import { useUiStore } from './uiStore';

const trace = (seq: number, serverId: number, lsId = 1001): KvCallTrace => ({
  seq, call: `get('t', [${seq}])`, method: 'table.execute', tenant: 'test', table: 't', rowkey: `[${seq}]`, partitionRule: null,
  partition: null, partitionIndex: 0, tabletId: 200001, lsId, serverId, svrIp: `10.0.0.${serverId}`, zone: `zone${serverId}`,
  retries: [], cacheHit: true, ok: true, elapsedUs: 10,
});

beforeEach(() => resetKvState());

describe('kvStore', () => {
  it("keeps a run's prints and route lines in order and highlights the latest call", () => {
    const seq = beginKvRun('editor', 10_000);
    pushKvTrace(trace(1, 1), seq);
    appendKvOutput(seq, [{ kind: 'print', display: { kind: 'text', text: 'a' } }]);
    pushKvTrace(trace(2, 3, 1003), seq);
    finishKvRun(seq, 12);
    const run = useKvStore.getState().run!;
    expect(run.running).toBe(false);
    expect(run.items.map((i) => (i.kind === 'trace' ? `trace ${i.trace.seq}` : i.kind))).toEqual(['trace 1', 'print', 'trace 2']);
    expect(useKvStore.getState().highlightedSeq).toBe(2);
    expect(useUiStore.getState().routeHighlight).toEqual({ serverId: 3, tenantId: null, lsId: 1003, label: "get('t', [2])" });
    highlightKvTrace(1);
    expect(useUiStore.getState().routeHighlight).toMatchObject({ serverId: 1, lsId: 1001 });
  });

  it('ignores output of a run that is no longer shown, and caps a run at KV_OUTPUT_MAX items', () => {
    const old = beginKvRun('api', 10_000);
    const seq = beginKvRun('editor', 10_000);
    appendKvOutput(old, [{ kind: 'print', display: { kind: 'text', text: 'late' } }]);
    const many = Array.from({ length: KV_OUTPUT_MAX + 3 }, () => ({ kind: 'print' as const, display: { kind: 'text' as const, text: 'x' } }));
    appendKvOutput(seq, many);
    finishKvRun(seq, 1);
    expect(useKvStore.getState().run!.items).toHaveLength(KV_OUTPUT_MAX);
    expect(useKvStore.getState().dropped).toBe(3);
  });

  it('a trace outside a run is kept and highlighted but not in the run output', () => {
    const seq = beginKvRun('editor', 10_000);
    pushKvTrace(trace(7, 2), null);
    finishKvRun(seq, 1);
    expect(useKvStore.getState().run!.items).toEqual([]);
    expect(useKvStore.getState().traces.map((t) => t.seq)).toEqual([7]);
    expect(useUiStore.getState().routeHighlight?.serverId).toBe(2);
  });
});
