/**
 * Runs one KV script end to end (issue #5 item 5), for the editor's Run and for
 * `window.obPlayground.kv`: transpile with Monaco's TypeScript worker (errors stop here, with their
 * lines), run in a fresh sandbox (sandbox.ts) whose calls go to the page's routing client
 * (app/host/kvHost.ts), and write everything to the KV store in order — prints, one route line per
 * call, the returned value, the error with its TypeScript line, or the time-limit stop.
 *
 * Invariants: runs happen one at a time, in call order (a queue); a script only ever runs because
 * a user clicked / pressed Run or automation called `kv()` — nothing here runs on its own.
 */
import type { KvCallTrace } from '../../engine/client/trace';
import { KV_SCRIPT_GLOBAL_NAMES } from '../../engine/client/script_api';
import { kvClients, onKvTrace, setTraceRun, type KvSession } from '../host/kvHost';
import { appendKvOutput, beginKvRun, finishKvRun, setKvRunStage, type KvRun } from '../state/kvStore';
import { isKvScriptCall } from './callShape';
import type { CompileResult } from './compile';
import { displayToLines } from '../../engine/client/kv_display';
import { KV_SCRIPT_TIME_LIMIT_MS, runSandboxed, type SandboxRun } from './sandbox';
import runtimeSource from './scriptRuntime.ts?kvruntime';

type Monaco = typeof import('../editor/monacoSetup')['monaco'];

/** What `window.obPlayground.kv` answers. */
export interface KvScriptAnswer {
  /** Printed values as text lines (a table: `a | b` lines). */
  output: string[];
  /** Every call's route, in order. */
  traces: KvCallTrace[];
  /** The returned value as text, when the script returned one. */
  value?: string;
  /** Why the script failed: compile errors, an exception, or the time-limit stop (with `line N:`). */
  error?: string;
}

let queue: Promise<unknown> = Promise.resolve();
let active: SandboxRun | null = null;

/** Stops the running script, if any. */
export function stopKvScript(): void {
  active?.stop();
}

function withLine(message: string, line: number | null): string {
  return line === null ? message : `line ${line}: ${message}`;
}

async function runOnce(origin: KvRun['origin'], compile: (monaco: Monaco) => Promise<CompileResult>, timeLimitMs: number, session?: KvSession): Promise<KvScriptAnswer> {
  const seq = beginKvRun(origin, timeLimitMs);
  const answer: KvScriptAnswer = { output: [], traces: [] };
  const started = performance.now();
  try {
    const { monaco } = await import('../editor/monacoSetup');
    const compiled = await compile(monaco);
    if (!compiled.ok) {
      appendKvOutput(seq, compiled.problems.map((p) => ({ kind: 'error', message: p.message, line: p.line, stopped: false })));
      answer.error = compiled.problems.map((p) => withLine(p.message, p.line)).join('\n');
      return answer;
    }
    const { executor } = await kvClients(session);
    setKvRunStage(seq, 'running');
    setTraceRun(seq);
    const stopTraces = onKvTrace((t) => answer.traces.push(t));
    const run = runSandboxed(compiled.js, runtimeSource, KV_SCRIPT_GLOBAL_NAMES, {
      isCall: isKvScriptCall,
      execute: (call) => executor.run(call as Parameters<typeof executor.run>[0]),
      onPrint: (items) => {
        for (const d of items) answer.output.push(...displayToLines(d));
        appendKvOutput(seq, items.map((display) => ({ kind: 'print', display })));
      },
    }, timeLimitMs);
    active = run;
    const outcome = await run.done;
    active = null;
    setTraceRun(null);
    stopTraces();
    if (outcome.ok) {
      if (outcome.value) {
        answer.value = displayToLines(outcome.value).join('\n');
        appendKvOutput(seq, [{ kind: 'value', display: outcome.value }]);
      }
    } else {
      const line = outcome.error?.jsLine ? compiled.mapJsLine(outcome.error.jsLine) : null;
      const message = outcome.error?.message ?? 'the script failed';
      appendKvOutput(seq, [{ kind: 'error', message, line, stopped: outcome.stopped }]);
      answer.error = withLine(message, line);
    }
    return answer;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    appendKvOutput(seq, [{ kind: 'error', message, line: null, stopped: false }]);
    answer.error = message;
    return answer;
  } finally {
    setTraceRun(null);
    finishKvRun(seq, performance.now() - started);
  }
}

/**
 * Queues one run of a script. `compile` transpiles it (the editor's model, or a temporary one for
 * automation). Resolves when it finished, failed or was stopped.
 */
export function runKvScript(
  origin: KvRun['origin'],
  compile: (monaco: Monaco) => Promise<CompileResult>,
  timeLimitMs = KV_SCRIPT_TIME_LIMIT_MS,
  session?: KvSession,
): Promise<KvScriptAnswer> {
  const next = queue.then(() => runOnce(origin, compile, timeLimitMs, session));
  queue = next.catch(() => {});
  return next;
}
