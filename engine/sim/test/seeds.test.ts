/**
 * Failing seeds kept as bug reports (conventions §22: a failing seed is the bug report). Each seed
 * of `KNOWN_FAILING_SEEDS` runs exactly as the sweep ran it (same options), with the same
 * invariants — nothing is weakened or skipped: the test fails until the engine bug named in its
 * title is fixed, and then the seed goes back to the sweep (remove it from the list) and joins
 * `REGRESSION_SEEDS`, which run here by name whatever range the sweep is given.
 */
import { describe, it } from 'vitest';
import { runSimulation } from './simulation';
import { KNOWN_FAILING_SEEDS, REGRESSION_SEEDS, SWEEP_OPTIONS, SWEEP_OPTIONS_FIVE, expectClean } from './sweep';

// An empty suite is an error in Vitest: the suite exists only while some seed is kept failing.
if (KNOWN_FAILING_SEEDS.length > 0) {
  describe('failing seeds kept from the simulation sweep', () => {
    for (const k of KNOWN_FAILING_SEEDS) {
      it(`seed ${k.seed} (${k.cluster}): ${k.bug}`, async () => {
        expectClean(await runSimulation(k.seed, k.cluster === '5x1' ? SWEEP_OPTIONS_FIVE : SWEEP_OPTIONS));
      }, 120_000);
    }
  });
}

describe('seeds that found engine bugs since fixed (regressions)', () => {
  for (const k of REGRESSION_SEEDS) {
    it(`seed ${k.seed} (${k.cluster}) no longer fails with: ${k.bug}`, async () => {
      expectClean(await runSimulation(k.seed, k.cluster === '5x1' ? SWEEP_OPTIONS_FIVE : SWEEP_OPTIONS));
    }, 120_000);
  }
});
