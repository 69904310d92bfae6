import { compileGenome } from '../../bisuna/kernels/compiled-genome.js';
import type { Module } from '../../bisuna/format/genome.js';
import { NetworkKernel } from '../../bisuna/kernels/network-kernel.js';
import { balance } from './balance.js';
import type { PoleObservation } from './interface.js';
import { DOUBLE_POLE, standardStart } from './physics.js';
import { poleTest, type PoleTest, type TestRandom } from './score.js';

/** Control steps of the trajectory the site animates (60 s of simulated time). */
export const REPLAY_STEPS = 3_000;

/** What the site shows of a double pole submission. */
export interface DoublePoleReplay extends PoleTest {
  /** Seconds per control step (0.02). */
  dt: number;
  /** States from the standard start: [x, ẋ, θ1, θ̇1, θ2, θ̇2] per step, the start first. */
  trajectory: Float64Array;
  /** The force of each step (N). */
  forces: Float64Array;
  /** Steps in the trajectory (it ends at a failure or at {@link REPLAY_STEPS}). */
  steps: number;
  poleHalfLengths: readonly number[];
  trackLimit: number;
}

/**
 * The network's trajectory from the standard start (at most {@link REPLAY_STEPS} steps) and its
 * standard test, with the same random sources as scoring (run 0 for the trajectory).
 */
export function doublePoleReplay(
  module: Module,
  observation: PoleObservation,
  random: TestRandom,
): DoublePoleReplay {
  const trajectory = new Float64Array(6 * (REPLAY_STEPS + 1));
  const forces = new Float64Array(REPLAY_STEPS);
  trajectory.set(standardStart());
  const kernel = new NetworkKernel(compileGenome(module));
  const steps = balance(
    kernel,
    standardStart(),
    REPLAY_STEPS,
    observation,
    random(0),
    (t, s, f) => {
      trajectory.set(s, 6 * (t + 1));
      forces[t] = f;
    },
  );
  const recorded = Math.min(REPLAY_STEPS, steps + 1);
  return {
    ...poleTest(module, observation, random),
    dt: DOUBLE_POLE.tau * DOUBLE_POLE.substeps,
    trajectory: trajectory.slice(0, 6 * (recorded + 1)),
    forces: forces.slice(0, recorded),
    steps: recorded,
    poleHalfLengths: DOUBLE_POLE.poleHalfLengths,
    trackLimit: DOUBLE_POLE.trackLimit,
  };
}
