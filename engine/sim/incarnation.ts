/**
 * One life of a simulated OBServer process in the in-process simulator: the clock and event sink
 * it was started with, fenced so that a `kill -9` really ends it.
 *
 * In a browser, killing a server terminates its worker: its timers, its pending promises and its
 * sends vanish with it. In-process, the dropped `ObServer` object would live on — its timers sit on
 * the shared `VirtualClock` and would keep firing (elections, heartbeats, checkpoints of a "dead"
 * server). So every incarnation gets its own view of the clock and the event sink: `kill()`
 * cancels every timer it scheduled, makes later schedules no-ops, silences its events, and rejects
 * `killed` so callers awaiting the dead server get an answer. Its transport is fenced by
 * `MemoryNetwork.setDown` (a new network incarnation); its files by `MemoryFileSystem.crash`
 * (stale handles throw) and by its own view of the file system, which refuses to open, list or
 * remove anything once dead (a boot still running its microtasks cannot grab the next life's files).
 *
 * Invariant: after `kill()` no callback of this incarnation runs and no event of it is emitted.
 */
import { Errors } from '../common/ob_error';
import type { Clock, EventSink, FileSystem, ObEvent, TimerHandle } from '../env';

/** A handle returned to a dead incarnation's schedule calls (never fires). */
const DEAD_TIMER: TimerHandle = { id: -1 };

export class Incarnation {
  private dead = false;
  private readonly timers = new Set<number>();
  private rejectKilled: (e: Error) => void = () => {};
  /** Rejects when this incarnation is killed (race it against calls into the server). */
  readonly killed: Promise<never>;
  readonly clock: Clock;
  readonly events: EventSink;
  readonly fs: FileSystem;

  constructor(
    readonly serverId: number,
    readonly number: number,
    private readonly inner: Clock,
    sink: EventSink,
    disk: FileSystem,
  ) {
    this.killed = new Promise<never>((_resolve, reject) => {
      this.rejectKilled = reject;
    });
    this.killed.catch(() => {});
    this.clock = {
      nowUs: () => inner.nowUs(),
      schedule: (delayUs, fn) => {
        if (this.dead) return DEAD_TIMER;
        const h = inner.schedule(delayUs, () => {
          this.timers.delete(h.id);
          if (!this.dead) fn();
        });
        this.timers.add(h.id);
        return h;
      },
      cancel: (h) => {
        if (this.timers.delete(h.id)) inner.cancel(h);
      },
    };
    this.events = {
      emit: (e: ObEvent) => {
        if (!this.dead) sink.emit(e);
      },
    };
    const live = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
      if (this.dead) throw Errors.ioError(`${what}: the process is dead`);
      return fn();
    };
    this.fs = {
      open: (path) => live(path, () => disk.open(path)),
      exists: (path) => live(path, () => disk.exists(path)),
      list: (dir) => live(dir, () => disk.list(dir)),
      remove: (path) => live(path, () => disk.remove(path)),
    };
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Timers this incarnation has pending on the shared clock. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Ends this life: timers cancelled, events silenced, `killed` rejected with `reason`. */
  kill(reason: Error): void {
    if (this.dead) return;
    this.dead = true;
    for (const id of this.timers) this.inner.cancel({ id });
    this.timers.clear();
    this.rejectKilled(reason);
  }
}
