/**
 * Request/response RPC between OBServers over an injected `Transport` (OceanBase's obrpc).
 *
 * Envelopes are plain objects: `{t:'req', id, m, b}` → `{t:'res', id, ok, b}` (b = result, or the
 * `ObErrorInfo` when !ok), and one-way `{t:'msg', m, b}` (PALF traffic). A call to the local server
 * short-circuits (no serialisation). Bulk data (rows, log entries) travels as Uint8Array inside `b`.
 * Errors: a call that gets no answer within its timeout fails with `Errors.rpcTimeout` (retryable);
 * a handler's ObError is re-thrown at the caller; any other handler exception becomes
 * `Errors.internal` at the caller (the handler side decides whether it is a crash).
 */
import { assert } from '../common/assert';
import type { ServerId } from '../common/ids';
import { RPC_TIMEOUT_US } from '../common/limits';
import { Errors, ObError, isObError, type ObErrorInfo } from '../common/ob_error';
import type { Clock, TimerHandle, Transport, WireMessage } from '../env';

export type RpcHandler = (from: ServerId, body: any) => Promise<unknown> | unknown;
export type MessageHandler = (from: ServerId, body: any) => void;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  timer: TimerHandle;
}

export class RpcEndpoint {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, RpcHandler>();
  private readonly messageHandlers = new Map<string, MessageHandler>();
  /** Called with a handler's non-ObError exception (a bug): the server decides to crash. */
  onHandlerBug: (e: unknown) => void = () => {};
  readonly counters = { rpcIn: 0, rpcOut: 0 };

  constructor(
    private readonly transport: Transport,
    private readonly clock: Clock,
  ) {
    transport.onMessage((from, m) => this.receive(from, m));
  }

  get self(): ServerId {
    return this.transport.self;
  }

  register(method: string, handler: RpcHandler): void {
    assert(!this.handlers.has(method), `duplicate rpc handler ${method}`);
    this.handlers.set(method, handler);
  }

  onMessage(method: string, handler: MessageHandler): void {
    this.messageHandlers.set(method, handler);
  }

  /** One-way message (no answer, no delivery guarantee). */
  send(to: ServerId, method: string, body: unknown): void {
    this.counters.rpcOut++;
    if (to === this.self) {
      queueMicrotask(() => this.messageHandlers.get(method)?.(to, body));
      return;
    }
    this.transport.send(to, { t: 'msg', m: method, b: body } as WireMessage);
  }

  /** Calls `method` on server `to`; resolves with its result or rejects with its ObError. */
  call<T>(to: ServerId, method: string, body: unknown, timeoutUs = RPC_TIMEOUT_US): Promise<T> {
    this.counters.rpcOut++;
    if (to === this.self) return this.invokeLocal(to, method, body) as Promise<T>;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = this.clock.schedule(timeoutUs, () => {
        this.pending.delete(id);
        reject(Errors.rpcTimeout());
      });
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.transport.send(to, { t: 'req', id, m: method, b: body } as WireMessage);
    });
  }

  /** Fails every outstanding call (the server is stopping). */
  failAll(error: ObError): void {
    for (const [id, p] of this.pending) {
      this.clock.cancel(p.timer);
      p.reject(error);
      this.pending.delete(id);
    }
  }

  private async invokeLocal(from: ServerId, method: string, body: unknown): Promise<unknown> {
    const h = this.handlers.get(method);
    assert(h, `no rpc handler ${method}`);
    return h(from, body);
  }

  private receive(from: ServerId, m: WireMessage): void {
    const t = m.t as string;
    if (t === 'msg') {
      this.counters.rpcIn++;
      this.messageHandlers.get(m.m as string)?.(from, m.b);
    } else if (t === 'req') {
      this.counters.rpcIn++;
      void this.serve(from, m.id as number, m.m as string, m.b);
    } else if (t === 'res') {
      const p = this.pending.get(m.id as number);
      if (!p) return; // timed out already
      this.pending.delete(m.id as number);
      this.clock.cancel(p.timer);
      if (m.ok) p.resolve(m.b);
      else p.reject(ObError.fromInfo(m.b as ObErrorInfo));
    }
  }

  private async serve(from: ServerId, id: number, method: string, body: unknown): Promise<void> {
    const h = this.handlers.get(method);
    let reply: WireMessage;
    if (!h) {
      reply = { t: 'res', id, ok: false, b: Errors.internal(`no rpc method ${method}`).toInfo() };
    } else {
      try {
        const result = await h(from, body);
        reply = { t: 'res', id, ok: true, b: result };
      } catch (e) {
        if (isObError(e)) reply = { t: 'res', id, ok: false, b: e.toInfo() };
        else {
          this.onHandlerBug(e);
          reply = { t: 'res', id, ok: false, b: Errors.internal(String((e as Error)?.message ?? e)).toInfo() };
        }
      }
    }
    this.transport.send(from, reply);
  }
}
