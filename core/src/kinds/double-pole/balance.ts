import type { RandomSource } from '../../bisuna/format/genome.js';
import type { NetworkKernel } from '../../bisuna/kernels/network-kernel.js';
import { wordForce, writeObservation, type PoleObservation } from './interface.js';
import { DOUBLE_POLE, controlStep, hasFailed, type PoleState } from './physics.js';

/** The force within ±10 N. */
export function clipForce(f: number): number {
  const max = DOUBLE_POLE.maxForce;
  return f > max ? max : f < -max ? -max : f;
}

/** Called after each control step with the new state and the force applied. */
export type StepObserver = (step: number, state: PoleState, force: number) => void;

/**
 * Balances from `start` (copied) with a freshly reset network: each control step the network
 * observes the state, its first output word becomes the force, the cart moves 0.02 s. Returns
 * the control steps after which nothing had failed, at most `maxSteps`.
 */
export function balance(
  kernel: NetworkKernel,
  start: PoleState,
  maxSteps: number,
  observation: PoleObservation,
  rng: RandomSource,
  onStep?: StepObserver,
): number {
  const s = Float64Array.from(start);
  const inputs = new Uint16Array(kernel.nInputs);
  const out = new Uint16Array(Math.max(1, kernel.nOutputs));
  kernel.reset();
  for (let t = 0; t < maxSteps; t++) {
    writeObservation(s, observation, inputs);
    kernel.step(inputs, out, rng);
    const force = clipForce(wordForce(out[0]!));
    controlStep(force, s);
    onStep?.(t, s, force);
    if (hasFailed(s)) return t;
  }
  return maxSteps;
}
