import type { RandomSource } from '../../bisuna/format/genome.js';
import type { AgentEnvironment } from '../../bisuna/training/agent-slice.js';
import { balance } from './balance.js';
import type { PoleObservation } from './interface.js';
import { standardStart } from './physics.js';
import { DOUBLE_POLE_KIND } from './spec.js';

/** What a training generation plays: the starts (6 values each, the standard one first). */
export interface DoublePoleParams {
  observation: PoleObservation;
  episodeSteps: number;
  /** Start states, back to back: [x, ẋ, θ1, θ̇1, θ2, θ̇2] each. */
  starts: number[];
}

/**
 * Random starts from the generalisation test's ranges (x ±2.16 m, ẋ ±1.35 m/s, θ1 ±0.0628 rad,
 * θ̇1 ±0.150 rad/s, the short pole upright at rest), uniform, drawn from `rng`.
 */
export function randomStarts(rng: RandomSource, count: number): number[] {
  const out: number[] = [];
  const u = () => rng.randFloat01() * 2 - 1;
  for (let i = 0; i < count; i++) {
    out.push(2.16 * u(), 1.35 * u(), 0.06283152 * u(), 0.15009752 * u(), 0, 0);
  }
  return out;
}

/** The standard start followed by `extra` (random starts), as one array. */
export function trainingStarts(extra: number[]): number[] {
  return [...standardStart(), ...extra];
}

/**
 * The double pole's training environment: an agent balances from every start of the generation
 * for up to `episodeSteps`; fitness is the mean of the steps balanced, the figure the steps from
 * the standard start.
 */
export const doublePoleTrainingEnvironment: AgentEnvironment<DoublePoleParams> = {
  id: DOUBLE_POLE_KIND,
  evaluate(kernel, p, rng) {
    const n = p.starts.length / 6;
    let total = 0;
    let first = 0;
    for (let i = 0; i < n; i++) {
      const start = Float64Array.from(p.starts.slice(6 * i, 6 * i + 6));
      const steps = balance(kernel, start, p.episodeSteps, p.observation, rng);
      if (i === 0) first = steps;
      total += steps;
    }
    return { fitness: total / n, figure: first };
  },
};
