/**
 * An in-process cluster: the default `obcluster` (3 zones, 3 OBServers) over a `MemoryNetwork`,
 * for tests, the headless shell and benchmarks. Each server gets its own FileSystem (memory by
 * default, or whatever `fsFor` returns, e.g. `node:fs` for `obsh --data-dir`); starting on file
 * systems that hold a cluster recovers it.
 */
import { serverId as toServerId } from '../common/ids';
import type { Clock, EventSink, FileSystem } from '../env';
import { NULL_EVENT_SINK } from '../env';
import { MemoryFileSystem, MemoryNetwork, SeededRng } from '../env/memory';
import { defaultServers, ObServer } from './ob_server';

export interface LocalClusterOptions {
  fsFor?: (serverId: number) => FileSystem;
  /** Required: the engine never reads the wall clock itself (workers/system_clock.ts in Node). */
  clock: Clock;
  events?: EventSink;
  seed?: number;
}

export class LocalCluster {
  private constructor(
    readonly servers: ObServer[],
    readonly network: MemoryNetwork,
  ) {}

  static async start(opts: LocalClusterOptions): Promise<LocalCluster> {
    const network = new MemoryNetwork();
    const list = defaultServers();
    const servers = await Promise.all(
      list.map((info) =>
        ObServer.start({
          serverId: info.serverId,
          zone: info.zone,
          svrIp: info.svrIp,
          servers: list,
          env: {
            clock: opts.clock,
            fs: opts.fsFor?.(info.serverId) ?? new MemoryFileSystem(),
            transport: network.transport(toServerId(info.serverId)),
            events: opts.events ?? NULL_EVENT_SINK,
            rng: new SeededRng((opts.seed ?? 1) * 31 + info.serverId),
          },
        }),
      ),
    );
    return new LocalCluster(servers, network);
  }

  server(id: number): ObServer {
    return this.servers.find((s) => s.serverId === id)!;
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
  }
}
