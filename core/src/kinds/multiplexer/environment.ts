import { NeuronType, type RandomSource } from '../../bisuna/format/genome.js';
import type { NetworkKernel } from '../../bisuna/kernels/network-kernel.js';
import type { AgentEnvironment, AgentResults } from '../../bisuna/training/agent-slice.js';
import { caseAnswer, multiplexerShape, runCases, wordAnswer } from './cases.js';
import { MULTIPLEXER_KIND } from './spec.js';

/** What a training generation plays: the task, and whether to record each case (for sharing). */
export interface MultiplexerParams {
  addressBits: number;
  stepsPerCase: number;
  /** Record one bit per case (1: right) for fitness sharing and lexicase selection. */
  recordCases: boolean;
  /** The cases this generation plays (ascending); absent: all of them. */
  sample?: number[];
}

/** Cases a generation plays: its sample's, else all. */
export function playedCases(p: MultiplexerParams): number {
  return p.sample ? p.sample.length : multiplexerShape(p.addressBits).cases;
}

/** Bytes of a per-case bit set over the cases a generation plays. */
export function caseBytes(p: MultiplexerParams): number {
  return Math.ceil(playedCases(p) / 8);
}

/** Per thread: the outputs of networks without Random neurons, by kernel (one per genome held). */
const knownOutputs = new WeakMap<NetworkKernel, { steps: number; outs: Uint16Array }>();

/**
 * The output word of every case played. A network without Random neurons answers the same every
 * time and draws nothing, so over all cases an unchanged genome (a niche's parent, kept by
 * evolution with its kernel) is not run again; it still counts as an evaluation.
 */
function caseOutputs(kernel: NetworkKernel, p: MultiplexerParams, rng: RandomSource): Uint16Array {
  const shape = multiplexerShape(p.addressBits);
  const steps = p.stepsPerCase;
  if (p.sample) {
    const outs = new Uint16Array(p.sample.length);
    runCases(kernel, shape, p.sample, steps, rng, outs);
    return outs;
  }
  const known = knownOutputs.get(kernel);
  if (known && known.steps === steps && known.outs.length === shape.cases) return known.outs;
  const outs = new Uint16Array(shape.cases);
  runCases(kernel, shape, null, steps, rng, outs);
  if (!kernel.genome.type.includes(NeuronType.Random)) knownOutputs.set(kernel, { steps, outs });
  return outs;
}

/**
 * The multiplexer's training environment: an agent plays every case, or the generation's sample
 * of them (from a reset network, as scoring does, Random neurons drawing from its stream case after
 * case); fitness and figure are the cases it gets right of those played.
 */
export const multiplexerTrainingEnvironment: AgentEnvironment<MultiplexerParams> = {
  id: MULTIPLEXER_KIND,
  detailBytes: (p) => (p.recordCases ? caseBytes(p) : 0),
  evaluate(kernel, p, rng, detail) {
    const shape = multiplexerShape(p.addressBits);
    const outs = caseOutputs(kernel, p, rng);
    let right = 0;
    for (let i = 0; i < outs.length; i++) {
      const c = p.sample ? p.sample[i]! : i;
      if (wordAnswer(outs[i]!) !== caseAnswer(shape, c)) continue;
      right++;
      if (p.recordCases) detail[i >> 3]! |= 1 << (i & 7);
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
