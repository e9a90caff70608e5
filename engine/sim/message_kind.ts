/**
 * Names a datagram between OBServers for message traces (the RaftScope-style animation, issue #4)
 * and for per-kind message counts in simulations and benchmarks: the obrpc method of a request or
 * one-way message, the PALF message type inside a `palf` message, `response` for an RPC answer.
 * Knows only the wire envelope of engine/rpc (`{t:'req'|'msg'|'res', m, b}`).
 */
import type { WireMessage } from '../env';

/**
 * The kind of a wire message: `palf.<type>` (e.g. `palf.append`, `palf.voteRequest`), the RPC
 * method (`das.write`, `tx.commit`, …), `response`, or `unknown`.
 */
export function messageKind(message: WireMessage): string {
  const t = message.t;
  if (t === 'res') return 'response';
  const method = typeof message.m === 'string' ? message.m : null;
  if (method === null) return 'unknown';
  if (method === 'palf') {
    const inner = (message.b as { message?: { type?: unknown } } | undefined)?.message?.type;
    return typeof inner === 'string' ? `palf.${inner}` : 'palf';
  }
  return method;
}

/** Approximate size of a wire message in bytes (bulk byte arrays counted exactly), for traces. */
export function messageBytes(message: unknown, depth = 0): number {
  if (message === null || message === undefined) return 1;
  if (message instanceof Uint8Array) return message.byteLength;
  if (typeof message === 'string') return message.length;
  if (typeof message === 'number' || typeof message === 'boolean' || typeof message === 'bigint') return 8;
  if (depth > 4 || typeof message !== 'object') return 8;
  let n = 2;
  if (Array.isArray(message)) {
    for (const v of message.length > 64 ? message.slice(0, 64) : message) n += messageBytes(v, depth + 1);
    return message.length > 64 ? Math.round((n * message.length) / 64) : n;
  }
  for (const [k, v] of Object.entries(message as Record<string, unknown>)) n += k.length + messageBytes(v, depth + 1);
  return n;
}
