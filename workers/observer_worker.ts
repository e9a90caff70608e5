/**
 * One simulated OBServer process: a dedicated module worker that runs the engine's `ObServer`
 * on OPFS (its "local disk"), talks to the other servers over one MessagePort each (its
 * "network"), and exposes the `ObServerApi` to the page with comlink.
 *
 * A thin pump (conventions §4): no engine logic here. Invariants:
 * - comlink's `expose` runs at module evaluation, before any `await` (a module worker that awaits
 *   first loses the messages sent meanwhile: reference browser-measurements.md).
 * - Any bug — an `AssertionError` or other non-`ObError` exception, from a request, a timer or a
 *   peer datagram — kills this server as a failed `ob_assert` aborts an observer: timers stop,
 *   the network goes silent, OPFS handles are released, and the host hears `crashed` once. The
 *   host then terminates this worker; a restart starts a new worker on the same OPFS directory.
 * - Issue #4 ALTER SYSTEM ADD SERVER: the host may start a node after the bootstrap; `init`'s
 *   `hosts` lists every node it runs, and `addHost` tells running servers about a new one.
 * - Issue #4 faults: the page sets this server's outgoing link faults (applied by PortTransport),
 *   the simulated clock's anchor (SystemClock re-arms its timers) and the message trace; `init`'s
 *   config carries the current ones, so they hold from the first datagram and timer.
 */
import { expose } from 'comlink';
import { ObError } from '../engine/common/ob_error';
import { SeededRng } from '../engine/env/memory';
import type { Clock } from '../engine/env/index';
import { ObServer } from '../engine/server/ob_server';
import { OpfsFileSystem } from './opfs_fs';
import { MessageTracer } from './message_trace';
import { BatchedEventSink, PortTransport } from './port_transport';
import { SystemClock } from './system_clock';
import type { ObServerWorkerApi, PeerPort, WorkerInitConfig, WorkerNotice } from './worker_protocol';

let server: ObServer | null = null;
let transport: PortTransport | null = null;
let fs: OpfsFileSystem | null = null;
let hostPort: MessagePort | null = null;
let events: BatchedEventSink | null = null;
let serverIdSelf = 0;
let dead = false;
const systemClock = new SystemClock();
let tracer: MessageTracer | null = null;
let resolveBoot: (s: ObServer) => void = () => {};
let rejectBoot: (e: Error) => void = () => {};
const booted = new Promise<ObServer>((resolve, reject) => {
  resolveBoot = resolve;
  rejectBoot = reject;
});
booted.catch(() => {}); // a boot failure is reported through init(); calls waiting on it fail too

function notify(notice: WorkerNotice): void {
  hostPort?.postMessage(notice);
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** The server dies: everything stops, the host is told once. */
function crash(e: unknown): void {
  if (dead) return;
  dead = true;
  transport?.close();
  events?.flush();
  fs?.closeAll();
  notify({ type: 'crashed', serverId: serverIdSelf, message: messageOf(e) });
}

/** ObErrors travel to the caller as errors carrying obclient's text; anything else is a crash. */
function rethrow(e: unknown): never {
  if (e instanceof ObError) throw new Error(e.format());
  crash(e);
  throw new Error(`server crashed: ${messageOf(e)}`);
}

async function call<T>(fn: (s: ObServer) => Promise<T>): Promise<T> {
  const s = await booted;
  if (dead) throw new Error(`server ${serverIdSelf} is not alive`);
  try {
    return await fn(s);
  } catch (e) {
    return rethrow(e);
  } finally {
    if (s.status === 'CRASHED') crash(s.crashMessage ?? 'OBServer crashed');
  }
}

/** The wall clock, with every timer callback guarded: an exception in one crashes the server. */
function guardedClock(): Clock {
  const inner = systemClock;
  return {
    nowUs: () => inner.nowUs(),
    cancel: (h) => inner.cancel(h),
    schedule: (delayUs, fn) =>
      inner.schedule(delayUs, () => {
        if (dead) return;
        try {
          fn();
        } catch (e) {
          crash(e);
        }
      }),
  };
}

async function init(config: WorkerInitConfig, peers: PeerPort[], port: MessagePort): Promise<void> {
  serverIdSelf = config.serverId;
  hostPort = port;
  if (config.clock) systemClock.setState(config.clock);
  const clock = guardedClock();
  transport = new PortTransport(config.serverId, { clock, rng: new SeededRng(config.rngSeed ^ 0x6c696e6b) });
  transport.setLinkFaults(config.linkFaults ?? []);
  tracer = new MessageTracer(
    config.serverId,
    (messages, total) => notify({ type: 'messages', serverId: config.serverId, messages, total }),
    () => systemClock.nowUs() / 1000,
    new SeededRng(config.rngSeed ^ 0x74726163),
  );
  tracer.setEnabled(config.messageTrace ?? false);
  const traced = tracer;
  transport.onSend = (to, message) => traced.record(to, message);
  for (const p of peers) transport.setPeerPort(p.serverId, p.port);
  const batched = new BatchedEventSink((batch) => notify({ type: 'events', serverId: config.serverId, events: batch }));
  events = batched;
  // The engine marks itself CRASHED (and logs it) when an assertion fails inside it.
  const sink = {
    emit: (e: Parameters<typeof batched.emit>[0]) => {
      batched.emit(e);
      if (server?.status === 'CRASHED') crash(server.crashMessage ?? 'OBServer crashed');
    },
  };
  try {
    notify({ type: 'progress', serverId: config.serverId, stage: 'opening OPFS', fraction: 0 });
    fs = await OpfsFileSystem.open(config.opfsRoot);
    server = await ObServer.start(
      {
        serverId: config.serverId,
        zone: config.zone,
        svrIp: config.svrIp,
        servers: config.servers,
        hosts: config.hosts,
        env: { clock, fs, transport, events: sink, rng: new SeededRng(config.rngSeed) },
      },
      (stage, fraction) => notify({ type: 'progress', serverId: config.serverId, stage, fraction }),
    );
    resolveBoot(server);
  } catch (e) {
    const error = new Error(e instanceof ObError ? e.format() : messageOf(e));
    rejectBoot(error);
    fs?.closeAll();
    transport.close();
    throw error;
  }
}

const api: ObServerWorkerApi = {
  init,
  setPeerPort: (peer) => transport?.setPeerPort(peer.serverId, peer.port),
  addHost: (info) => {
    // A server still booting learns the node once it serves (its config's hosts predate it).
    void booted.then((s) => s.addHost({ ...info })).catch(() => {});
  },
  setLinkFaults: (faults) => transport?.setLinkFaults(faults),
  setClock: (state) => systemClock.setState(state),
  setMessageTrace: (on) => tracer?.setEnabled(on),
  async stop() {
    if (server && !dead) {
      dead = true;
      try {
        await server.stop();
      } finally {
        transport?.close();
        fs?.closeAll();
      }
    }
  },
  openSession: (options) => call((s) => s.openSession(options)),
  execute: (sessionId, sql) => call((s) => s.execute(sessionId, sql)),
  closeSession: (sessionId) => call((s) => s.closeSession(sessionId)),
  snapshot: () => call((s) => s.snapshot()),
  clusterSnapshot: () => call((s) => s.clusterSnapshot()),
  sstableDetail: (tenantId, tabletId, type) => call((s) => s.sstableDetail(tenantId, tabletId, type)),
  kvCall: (method, body) => call((s) => s.kvCall(method, body)),
};

expose(api);

self.addEventListener('error', (ev: ErrorEvent) => {
  ev.preventDefault();
  crash(ev.error ?? ev.message);
});
self.addEventListener('unhandledrejection', (ev: PromiseRejectionEvent) => {
  ev.preventDefault();
  crash(ev.reason);
});
