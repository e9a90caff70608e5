/**
 * Always-on assertions (conventions §10–11, TigerBeetle "Assertions").
 *
 * An assertion failure is a bug, never an expected failure: it throws `AssertionError`, which
 * crashes the simulated OBServer that hit it (the worker reports the crash to the page, which
 * shows it and offers a restart). Expected failures are `ObError`s, never assertions.
 */
export class AssertionError extends Error {
  constructor(message: string) {
    super(`assertion failed: ${message}`);
    this.name = 'AssertionError';
  }
}

export function assert(condition: unknown, message = 'unexpected state'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function unreachable(value: never, message = 'unreachable'): never {
  throw new AssertionError(`${message}: ${JSON.stringify(value)}`);
}
