import type { BitSequence } from '../bit-sequence.js';
import { erfc } from '../math/erf.js';
import { excursionStats, type ExcursionStats } from '../random-walk.js';
import { notApplicable, type NistTestResult } from '../result.js';
import { excursionConstraint } from './random-excursions.js';

const STATES = [-9, -8, -7, -6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * Random excursions variant test, SP 800-22 2.15: total visits to states -9..-1, 1..9; eighteen
 * p-values in that order, or not applicable with fewer than 500 cycles.
 */
export function randomExcursionsVariantTest(
  seq: BitSequence,
  stats: ExcursionStats = excursionStats(seq),
): NistTestResult {
  const n = seq.length;
  const { J } = stats;
  const constraint = Math.trunc(excursionConstraint(n));
  if (J < constraint) {
    return {
      ...notApplicable(
        'RandomExcursionsVariant',
        `only J = ${J} cycles of the random walk, needs J >= ${constraint} (n = 10^6 random bits give about 800)`,
      ),
      details: { J },
    };
  }
  const pValues = STATES.map((x) => {
    const count = stats.visits[x + 9]!;
    return erfc(Math.abs(count - J) / Math.sqrt(2.0 * J * (4.0 * Math.abs(x) - 2)));
  });
  return {
    name: 'RandomExcursionsVariant',
    applicable: true,
    pValues,
    labels: STATES.map((x) => `x=${x}`),
    details: { J },
  };
}
