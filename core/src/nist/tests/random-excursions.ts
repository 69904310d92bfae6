import type { BitSequence } from '../bit-sequence.js';
import { igamc } from '../math/cephes.js';
import { excursionStats, type ExcursionStats } from '../random-walk.js';
import { notApplicable, type NistTestResult } from '../result.js';

const STATES = [-4, -3, -2, -1, 1, 2, 3, 4];
// prettier-ignore
const PI = [
  [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
  [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.03125],
  [0.75, 0.0625, 0.046875, 0.03515625, 0.0263671875, 0.0791015625],
  [0.8333333333, 0.02777777778, 0.02314814815, 0.01929012346, 0.01607510288, 0.0803755143],
  [0.875, 0.015625, 0.013671875, 0.01196289063, 0.0104675293, 0.0732727051],
];

/** The suite's rejection constraint: fewer cycles than this and the excursion tests do not apply. */
export function excursionConstraint(n: number): number {
  return Math.max(0.005 * Math.pow(n, 0.5), 500);
}

/**
 * Random excursions test, SP 800-22 2.14: visits to states -4..-1, 1..4 per cycle of the walk;
 * eight p-values in that state order, or not applicable with fewer than 500 cycles.
 */
export function randomExcursionsTest(
  seq: BitSequence,
  stats: ExcursionStats = excursionStats(seq),
): NistTestResult {
  const n = seq.length;
  const { J } = stats;
  if (stats.tooManyCycles) {
    return notApplicable(
      'RandomExcursions',
      `more than max(1000, n/100) = ${Math.max(1000, Math.floor(n / 100))} cycles (the suite aborts)`,
    );
  }
  const constraint = excursionConstraint(n);
  if (J < constraint) {
    return {
      ...notApplicable(
        'RandomExcursions',
        `only J = ${J} cycles of the random walk, needs J >= ${constraint} (n = 10^6 random bits give about 800)`,
      ),
      details: { J },
    };
  }
  const pValues: number[] = [];
  for (let i = 0; i < 8; i++) {
    const x = STATES[i]!;
    const pi = PI[Math.abs(x)]!;
    let sum = 0.0;
    for (let k = 0; k < 6; k++) {
      sum += Math.pow(stats.nu[k * 8 + i]! - J * pi[k]!, 2) / (J * pi[k]!);
    }
    pValues.push(igamc(2.5, sum / 2.0));
  }
  return {
    name: 'RandomExcursions',
    applicable: true,
    pValues,
    labels: STATES.map((x) => `x=${x}`),
    details: { J },
  };
}
