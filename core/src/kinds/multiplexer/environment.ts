import type { AgentEnvironment, AgentResults } from '../../bisuna/training/agent-slice.js';
import { caseAnswer, multiplexerShape, runAllCases, wordAnswer } from './cases.js';
import { MULTIPLEXER_KIND } from './spec.js';

/** What a training generation plays: the task, and whether to record each case (for sharing). */
export interface MultiplexerParams {
  addressBits: number;
  stepsPerCase: number;
  /** Record one bit per case (1: right) for fitness sharing. */
  recordCases: boolean;
}

/** Bytes of a per-case bit set. */
export function caseBytes(addressBits: number): number {
  return Math.ceil(multiplexerShape(addressBits).cases / 8);
}

/**
 * The multiplexer's training environment: an agent plays every case (from a reset network, as
 * scoring does, Random neurons drawing from its stream case after case); fitness and figure are
 * the cases it gets right.
 */
export const multiplexerTrainingEnvironment: AgentEnvironment<MultiplexerParams> = {
  id: MULTIPLEXER_KIND,
  detailBytes: (p) => (p.recordCases ? caseBytes(p.addressBits) : 0),
  evaluate(kernel, p, rng, detail) {
    const shape = multiplexerShape(p.addressBits);
    const outs = new Uint16Array(shape.cases);
    runAllCases(kernel, shape, p.stepsPerCase, rng, outs);
    let right = 0;
    for (let c = 0; c < shape.cases; c++) {
      if (wordAnswer(outs[c]!) !== caseAnswer(shape, c)) continue;
      right++;
      if (p.recordCases) detail[c >> 3]! |= 1 << (c & 7);
    }
    return { fitness: right, figure: right };
  },
};

/**
 * Implicit fitness sharing (Smith, Forrest and Perelson 1993) over the generation's per-case bit
 * sets: an agent earns 1/n for each case it gets right that n agents of the generation get right,
 * so an agent that alone solves hard cases outranks many that solve the easy ones. An agent right
 * on every case still ranks first.
 */
export function sharedCaseFitness(results: AgentResults, cases: number): Float64Array {
  const count = results.fitness.length;
  const bytes = results.detailBytes;
  const solvers = new Int32Array(cases);
  for (let i = 0; i < count; i++) {
    const row = results.detail.subarray(i * bytes, (i + 1) * bytes);
    for (let c = 0; c < cases; c++) if ((row[c >> 3]! >> (c & 7)) & 1) solvers[c]!++;
  }
  const fitness = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const row = results.detail.subarray(i * bytes, (i + 1) * bytes);
    let f = 0;
    for (let c = 0; c < cases; c++) if ((row[c >> 3]! >> (c & 7)) & 1) f += 1 / solvers[c]!;
    fitness[i] = f;
  }
  return fitness;
}
