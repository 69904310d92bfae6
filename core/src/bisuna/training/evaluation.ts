import { compileGenome } from '../compiled-genome.js';
import { NetworkKernel } from '../network-kernel.js';
import { PairEpisodeRunner, runEveEpisode, type CipherStream } from './cpa-episode.js';
import { decodeModules, sliceEncodedModules } from './genome-codec.js';
import { StreamRole, streamFor } from './random.js';

/**
 * One A&B generation's evaluation, or a slice of it: plain data (typed arrays), so it can be
 * posted to a worker thread or Web Worker. Cell `first + i` uses the i-th encoded genome.
 */
export interface PairTask {
  kind: 'pairs';
  seed: number;
  /** The run's generation counter (all kinds), which keys the random streams. */
  tick: number;
  first: number;
  count: number;
  stream: CipherStream;
  /** {@link encodeModules} of the Alices, Bobs and (when Eve plays) Eves of the slice. */
  alices: Uint16Array;
  bobs: Uint16Array;
  eves: Uint16Array | null;
}

/** Per-cell results of a {@link PairTask}, indexed from the task's `first`. */
export interface PairResults {
  fitness: Float64Array;
  decryption: Float64Array;
  perfectSteps: Int32Array;
  eveReward: Float64Array;
}

/** One Eve generation's evaluation (or a slice): every Eve plays the same plaintext/ciphertext run. */
export interface EveTask {
  kind: 'eves';
  seed: number;
  tick: number;
  first: number;
  count: number;
  payloadWords: number;
  steps: number;
  payloads: Uint16Array;
  ciphers: Uint16Array;
  eves: Uint16Array;
}

/** Per-cell Eve fitness of an {@link EveTask}. */
export interface EveResults {
  fitness: Float64Array;
}

/**
 * Runs evaluation tasks. {@link localEvaluator} runs them in the calling thread; the compute-runner
 * spreads them over worker threads. Results never depend on how cells are split, because every
 * cell draws from its own stream derived from (seed, tick, role, cell).
 */
export interface Evaluator {
  evaluatePairs(task: PairTask): Promise<PairResults>;
  evaluateEves(task: EveTask): Promise<EveResults>;
  /** Number of parallel lanes (threads); 1 for the local evaluator. */
  readonly parallelism: number;
  close(): Promise<void>;
}

/** Evaluates a {@link PairTask} synchronously (the body of every evaluator). */
export function runPairTask(task: PairTask): PairResults {
  const alices = decodeModules(task.alices);
  const bobs = decodeModules(task.bobs);
  const eves = task.eves ? decodeModules(task.eves) : null;
  const runner = new PairEpisodeRunner(task.stream.steps, task.stream.payloadWords);
  const res: PairResults = {
    fitness: new Float64Array(task.count),
    decryption: new Float64Array(task.count),
    perfectSteps: new Int32Array(task.count),
    eveReward: new Float64Array(task.count),
  };
  for (let i = 0; i < task.count; i++) {
    const rng = streamFor(task.seed, task.tick, StreamRole.PairCell, task.first + i);
    const alice = new NetworkKernel(compileGenome(alices[i]!));
    const bob = new NetworkKernel(compileGenome(bobs[i]!));
    const eve = eves ? new NetworkKernel(compileGenome(eves[i]!)) : null;
    const r = runner.run(alice, bob, eve, task.stream, rng);
    res.fitness[i] = r.fitness;
    res.decryption[i] = r.decryption;
    res.perfectSteps[i] = r.perfectSteps;
    res.eveReward[i] = r.eveReward;
  }
  return res;
}

/** Evaluates an {@link EveTask} synchronously. */
export function runEveTask(task: EveTask): EveResults {
  const eves = decodeModules(task.eves);
  const fitness = new Float64Array(task.count);
  for (let i = 0; i < task.count; i++) {
    const rng = streamFor(task.seed, task.tick, StreamRole.EveCell, task.first + i);
    const eve = new NetworkKernel(compileGenome(eves[i]!));
    fitness[i] = runEveEpisode(
      eve,
      task.payloads,
      task.ciphers,
      task.payloadWords,
      task.steps,
      rng,
    );
  }
  return { fitness };
}

/** Runs every task in the calling thread (browser main thread, tests, one-core runs). */
export function localEvaluator(): Evaluator {
  return {
    parallelism: 1,
    evaluatePairs: async (task) => runPairTask(task),
    evaluateEves: async (task) => runEveTask(task),
    close: async () => {},
  };
}

/** Splits `count` cells into at most `parts` contiguous slices, as even as possible. */
export function splitRange(count: number, parts: number): { first: number; count: number }[] {
  const n = Math.max(1, Math.min(parts, count));
  const out: { first: number; count: number }[] = [];
  let first = 0;
  for (let i = 0; i < n; i++) {
    const size = Math.floor(count / n) + (i < count % n ? 1 : 0);
    if (size > 0) out.push({ first, count: size });
    first += size;
  }
  return out;
}

/** Splits a task into at most `parts` contiguous slices (each a complete task of its own). */
export function splitPairTask(task: PairTask, parts: number): PairTask[] {
  return splitRange(task.count, parts).map(({ first, count }) => ({
    ...task,
    first: task.first + first,
    count,
    alices: sliceEncodedModules(task.alices, first, count),
    bobs: sliceEncodedModules(task.bobs, first, count),
    eves: task.eves ? sliceEncodedModules(task.eves, first, count) : null,
  }));
}

/** Splits an Eve task into at most `parts` contiguous slices. */
export function splitEveTask(task: EveTask, parts: number): EveTask[] {
  return splitRange(task.count, parts).map(({ first, count }) => ({
    ...task,
    first: task.first + first,
    count,
    eves: sliceEncodedModules(task.eves, first, count),
  }));
}

/** Concatenates slice results in slice order. */
export function mergePairResults(parts: PairResults[]): PairResults {
  const cat = <T extends Float64Array | Int32Array>(
    pick: (r: PairResults) => T,
    make: (n: number) => T,
  ): T => {
    const out = make(parts.reduce((n, r) => n + pick(r).length, 0));
    let k = 0;
    for (const r of parts) {
      out.set(pick(r), k);
      k += pick(r).length;
    }
    return out;
  };
  return {
    fitness: cat(
      (r) => r.fitness,
      (n) => new Float64Array(n),
    ),
    decryption: cat(
      (r) => r.decryption,
      (n) => new Float64Array(n),
    ),
    perfectSteps: cat(
      (r) => r.perfectSteps,
      (n) => new Int32Array(n),
    ),
    eveReward: cat(
      (r) => r.eveReward,
      (n) => new Float64Array(n),
    ),
  };
}

/** Concatenates Eve slice results in slice order. */
export function mergeEveResults(parts: EveResults[]): EveResults {
  const fitness = new Float64Array(parts.reduce((n, r) => n + r.fitness.length, 0));
  let k = 0;
  for (const r of parts) {
    fitness.set(r.fitness, k);
    k += r.fitness.length;
  }
  return { fitness };
}

/**
 * An in-thread evaluator that still splits every task into `parts` slices (in reverse order), to
 * show that results do not depend on the split; also a template for parallel evaluators.
 */
export function slicedEvaluator(parts: number): Evaluator {
  return {
    parallelism: parts,
    evaluatePairs: async (task) => {
      const slices = splitPairTask(task, parts);
      const results = slices.reverse().map(runPairTask).reverse();
      return mergePairResults(results);
    },
    evaluateEves: async (task) => {
      const slices = splitEveTask(task, parts);
      const results = slices.reverse().map(runEveTask).reverse();
      return mergeEveResults(results);
    },
    close: async () => {},
  };
}
