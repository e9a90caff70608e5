/**
 * The browser host's network and event plumbing for one OBServer worker.
 *
 * - `PortTransport` implements the engine's `Transport` over one `MessagePort` per peer server
 *   (the page creates one `MessageChannel` per server pair and hands each end to a worker). It
 *   models the datacenter network between OBServers (obrpc over TCP): datagrams, no delivery
 *   guarantee — a message to a peer whose worker is dead is simply lost.
 * - Link faults (issue #4, the `LinkFault` model shared with the in-process `MemoryNetwork`) apply
 *   on send, to this server's outgoing links only: `cut` drops, `lossRate` drops with a seeded
 *   Rng, `delayUs` holds the datagram on the worker's (simulated) clock — a paused clock holds it
 *   until resumed. A held datagram whose peer restarted meanwhile is lost (it was on the old
 *   connection).
 * - A send tap (`onSend`) lets the worker trace datagrams for the page's message animation.
 * - `BatchedEventSink` implements `EventSink` by buffering events and posting them to the page
 *   at most once per `flushIntervalMs` (≈ one animation frame), so a busy server never floods
 *   the UI thread (architecture §9, "live but calm").
 *
 * Invariants:
 * - At most one port per peer; a replaced port is closed (the old peer worker is gone).
 * - A datagram's sender is the peer the port belongs to (asserted against the envelope).
 * - After `close()` (the server crashed or stopped) nothing is sent or delivered.
 * - Bulk bytes: an explicit `transfer` list is honoured as given (the caller vouches that it no
 *   longer uses those buffers). Otherwise a `payload`/`bytes` field holding a large `Uint8Array`
 *   is copied into a fresh buffer that is transferred: a memcpy is far cheaper than a structured
 *   clone (≈ 0.1 vs 2 ms per MiB, reference browser-measurements.md), and the engine's own buffer
 *   is never detached behind its back.
 */
import { assert } from '../engine/common/assert';
import { serverId, type ServerId } from '../engine/common/ids';
import type { Clock, EventSink, LinkFault, ObEvent, Rng, Transport, WireMessage } from '../engine/env/index';
import { SeededRng } from '../engine/env/memory';
import type { PeerDatagram } from './worker_protocol';

/** Byte length above which a `payload`/`bytes` Uint8Array is copied and transferred, not cloned. */
export const BULK_TRANSFER_MIN_BYTES = 64 * 1024;
/** Datagrams kept while the engine has not installed its receive handler yet. */
export const PENDING_DATAGRAMS_MAX = 10_000;

const BULK_FIELDS = ['payload', 'bytes'] as const;

/** The subset of `MessagePort` the transport uses (Node's and the browser's both fit). */
export interface PeerPortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  close(): void;
}

export interface PortTransportOptions {
  /** The clock delayed datagrams wait on (required for a delay fault). */
  clock?: Clock;
  /** Draws the drops of lossy links (default seeded with the server id). */
  rng?: Rng;
}

export class PortTransport implements Transport {
  readonly self: ServerId;
  private readonly ports = new Map<number, PeerPortLike>();
  private handler: ((from: ServerId, message: WireMessage) => void) | null = null;
  private pending: PeerDatagram[] = [];
  private closed = false;
  private readonly faults = new Map<number, LinkFault>();
  private readonly clock: Clock | undefined;
  private readonly rng: Rng;
  /** Called for every datagram sent while the transport is open (before faults apply). */
  onSend: ((to: number, message: WireMessage) => void) | null = null;

  constructor(self: number, options: PortTransportOptions = {}) {
    this.self = serverId(self);
    this.clock = options.clock;
    this.rng = options.rng ?? new SeededRng(self);
  }

  /**
   * Replaces the faults on this server's outgoing links with `faults` (those whose `from` is not
   * this server are ignored; all-zero faults mean a healthy link).
   */
  setLinkFaults(faults: LinkFault[]): void {
    this.faults.clear();
    for (const f of faults) {
      if (f.from !== this.self || (!f.cut && f.delayUs <= 0 && f.lossRate <= 0)) continue;
      assert(f.delayUs <= 0 || this.clock !== undefined, 'a delayed link needs the transport clock');
      this.faults.set(f.to, { ...f });
    }
  }

  /** The faults in force on this server's outgoing links, by destination. */
  linkFaults(): LinkFault[] {
    return [...this.faults.values()].sort((a, b) => a.to - b.to);
  }

  /** Attaches (or replaces, after the peer restarted) the port to `peerId`. */
  setPeerPort(peerId: number, port: PeerPortLike): void {
    assert(peerId !== this.self, 'a server has no port to itself');
    this.ports.get(peerId)?.close();
    this.ports.set(peerId, port);
    port.onmessage = (ev: MessageEvent) => this.receive(peerId, ev.data as PeerDatagram);
  }

  /** Peers that currently have a port. */
  peers(): number[] {
    return [...this.ports.keys()].sort((a, b) => a - b);
  }

  /**
   * Sends one datagram to server `to`. Lost silently when there is no port to `to` or the
   * transport is closed (the network gives no delivery guarantee; PALF and RPC retry).
   * `transfer`: buffers to move instead of copy; the caller must not touch them afterwards.
   */
  send(to: ServerId, message: WireMessage, transfer?: ArrayBuffer[]): void {
    if (this.closed) return;
    this.onSend?.(to, message);
    const port = this.ports.get(to);
    if (!port) return;
    const fault = this.faults.get(to);
    if (fault !== undefined && (fault.cut || (fault.lossRate > 0 && this.rng.next() < fault.lossRate))) return;
    const [wire, moved] = transfer && transfer.length > 0 ? [message, transfer] : withBulkCopied(message);
    const datagram: PeerDatagram = { from: this.self, message: wire };
    if (fault === undefined || fault.delayUs <= 0) {
      port.postMessage(datagram, moved);
      return;
    }
    this.clock!.schedule(fault.delayUs, () => {
      if (!this.closed && this.ports.get(to) === port) port.postMessage(datagram, moved);
    });
  }

  onMessage(handler: (from: ServerId, message: WireMessage) => void): void {
    this.handler = handler;
    const queued = this.pending;
    this.pending = [];
    for (const d of queued) handler(serverId(d.from), d.message);
  }

  /** Stops all traffic and closes every port (crash or stop). Idempotent. */
  close(): void {
    this.closed = true;
    for (const port of this.ports.values()) port.close();
    this.ports.clear();
    this.pending = [];
    this.handler = null;
  }

  private receive(peerId: number, datagram: PeerDatagram): void {
    if (this.closed) return;
    assert(datagram && datagram.from === peerId, `datagram from ${datagram?.from} on the port of server ${peerId}`);
    if (this.handler) {
      this.handler(serverId(peerId), datagram.message);
      return;
    }
    if (this.pending.length >= PENDING_DATAGRAMS_MAX) this.pending.shift();
    this.pending.push(datagram);
  }
}

/** Copies large `payload`/`bytes` Uint8Arrays into fresh buffers and lists them for transfer. */
function withBulkCopied(message: WireMessage): [WireMessage, ArrayBuffer[]] {
  let copy: Record<string, unknown> | null = null;
  const moved: ArrayBuffer[] = [];
  for (const field of BULK_FIELDS) {
    const v = message[field];
    if (v instanceof Uint8Array && v.byteLength >= BULK_TRANSFER_MIN_BYTES) {
      copy ??= { ...message };
      const fresh = v.slice();
      copy[field] = fresh;
      moved.push(fresh.buffer as ArrayBuffer);
    }
  }
  return [copy ?? message, moved];
}

// ---------------------------------------------------------------- events

/** A one-shot timer source (the worker's `setTimeout`; injectable for tests). */
export interface FlushScheduler {
  set(fn: () => void, delayMs: number): unknown;
}

/** Default interval between event batches, ms (about one animation frame). */
export const EVENT_FLUSH_INTERVAL_MS = 16;
/** Events kept per batch; older ones beyond it are dropped and counted. */
export const EVENT_BATCH_MAX = 1_000;

/**
 * An `EventSink` that posts events in batches. Progress events for the same subject
 * (`compaction-progress` of one tablet and merge type, `sample-data-progress` of one table)
 * replace the previous one still in the batch, so a batch carries only the latest fraction.
 */
export class BatchedEventSink implements EventSink {
  private batch: ObEvent[] = [];
  private scheduled = false;
  private dropped = 0;

  constructor(
    private readonly post: (events: ObEvent[]) => void,
    private readonly scheduler: FlushScheduler = { set: (fn, ms) => setTimeout(fn, ms) },
    private readonly flushIntervalMs = EVENT_FLUSH_INTERVAL_MS,
  ) {}

  emit(event: ObEvent): void {
    const key = progressKey(event);
    const at = key === null ? -1 : this.batch.findIndex((e) => progressKey(e) === key);
    if (at >= 0) this.batch[at] = event;
    else this.batch.push(event);
    if (this.batch.length > EVENT_BATCH_MAX) {
      this.batch.shift();
      this.dropped++;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      this.scheduler.set(() => this.flush(), this.flushIntervalMs);
    }
  }

  /** Posts what is buffered now (also called by the timer). */
  flush(): void {
    this.scheduled = false;
    if (this.batch.length === 0) return;
    const events = this.batch;
    this.batch = [];
    if (this.dropped > 0) {
      const atUs = events[events.length - 1].atUs;
      events.push({ kind: 'log', level: 'warn', message: `${this.dropped} events dropped (UI batch full)`, atUs });
      this.dropped = 0;
    }
    this.post(events);
  }
}

function progressKey(e: ObEvent): string | null {
  if (e.kind === 'compaction-progress') return `c/${e.tenantId}/${e.tabletId}/${e.mergeType}`;
  if (e.kind === 'sample-data-progress') return `s/${e.dataset}/${e.table}`;
  return null;
}
