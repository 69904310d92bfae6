import { compileGenome } from '../../bisuna/kernels/compiled-genome.js';
import type { Module, RandomSource } from '../../bisuna/format/genome.js';
import { NetworkKernel } from '../../bisuna/kernels/network-kernel.js';
import { streamFor } from '../../bisuna/training/random.js';
import { PPM } from '../../scoring/formula.js';
import type { ScoreReport } from '../../scoring/score.js';
import { deriveUint32 } from '../../scoring/seed.js';
import { balance } from './balance.js';
import type { PoleObservation } from './interface.js';
import { GENERALISATION_STARTS, generalisationStart, standardStart } from './physics.js';
import type { DoublePoleEnvironment } from './spec.js';

/** Version of the double pole's score formula (docs/kinds/double-pole.md). */
export const DOUBLE_POLE_FORMULA_VERSION = 1;

/** Steps from the standard start that count as balanced (Gruau et al.). */
export const LONG_RUN_STEPS = 100_000;
/** Steps each generalisation start must be balanced. */
export const GENERALISATION_STEPS = 1_000;

/** A spec's environment as the network's observation. */
export function observationOf(e: DoublePoleEnvironment): PoleObservation {
  return { velocities: e.velocities, scale: e.observations };
}

/** What the standard test measures of a network. */
export interface PoleTest {
  /** Steps balanced from the standard start, at most 100,000. */
  longSteps: number;
  /** 1 where generalisation start i was balanced 1,000 steps. */
  generalised: Uint8Array;
  generalisation: number;
}

/** Random sources of the standard test's runs: run 0 is the long one, run 1 + i start i. */
export type TestRandom = (run: number) => RandomSource;

/** Steps balanced from generalisation start `i`, at most 1,000. */
export function generalisationRun(
  kernel: NetworkKernel,
  i: number,
  observation: PoleObservation,
  rng: RandomSource,
): number {
  return balance(kernel, generalisationStart(i), GENERALISATION_STEPS, observation, rng);
}

/**
 * The standard test (Gruau, Whitley and Pyeatt 1996): steps balanced from the standard start (up
 * to 100,000), and how many of the 625 generalisation starts it balances for 1,000 steps; each run
 * from a reset network.
 */
export function poleTest(
  module: Module,
  observation: PoleObservation,
  random: TestRandom,
): PoleTest {
  const kernel = new NetworkKernel(compileGenome(module));
  const longSteps = balance(kernel, standardStart(), LONG_RUN_STEPS, observation, random(0));
  const generalised = new Uint8Array(GENERALISATION_STARTS);
  let generalisation = 0;
  for (let i = 0; i < GENERALISATION_STARTS; i++) {
    if (generalisationRun(kernel, i, observation, random(1 + i)) === GENERALISATION_STEPS) {
      generalised[i] = 1;
      generalisation++;
    }
  }
  return { longSteps, generalised, generalisation };
}

/**
 * The test's random sources under a test seed: run r draws from the engine's stream `(base, r)`
 * (an mt19937 seeded with `deriveSeed(base, r)`, libc++ mapping), base the u32 of the label
 * `double-pole/rng`.
 */
export function scoringRandom(testSeed: Uint8Array): TestRandom {
  const base = deriveUint32(testSeed, 'double-pole/rng');
  return (run) => streamFor(base, run);
}

/**
 * The score (docs/kinds/double-pole.md): below 100,000 steps from the standard start, 10 per
 * step balanced (0 … 999,990); at 100,000, 2,000,000 + floor(10^6·g/625) for g of the 625 starts
 * balanced (2,000,000 … 3,000,000). Gruau's "solved" (g >= 200) is a minScore of 2,320,000.
 */
export function doublePoleReport(test: PoleTest): ScoreReport {
  const balanced = test.longSteps >= LONG_RUN_STEPS ? 1 : 0;
  const generalisationPpm = Math.floor((PPM * test.generalisation) / GENERALISATION_STARTS);
  const score = balanced
    ? 2n * BigInt(PPM) + BigInt(generalisationPpm)
    : BigInt(10 * test.longSteps);
  return {
    score,
    formulaVersion: DOUBLE_POLE_FORMULA_VERSION,
    terms: {
      longSteps: test.longSteps,
      balanced,
      generalisation: test.generalisation,
      generalisationPpm,
    },
  };
}
