import { compileGenome } from '../compiled-genome.js';
import { NetworkKernel } from '../network-kernel.js';
import type { KeyRegime } from './config.js';
import { drawStream, PairEpisodeRunner, runEveEpisode, type CipherStream } from './cpa-episode.js';
import { TrainingStateError } from './errors.js';
import { decodeModules, sliceEncodedModules } from './genome-codec.js';
import { lazyStreamFor, StreamRole, streamFor } from './random.js';

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
 * Held-out decryption test of one pair: streams `first .. first+count-1` of a generation, each
 * drawing its data and Random-neuron values from the (seed, tick, Test, stream) stream.
 */
export interface TestTask {
  kind: 'tests';
  seed: number;
  tick: number;
  first: number;
  count: number;
  steps: number;
  payloadWords: number;
  keyWords: number;
  regime: KeyRegime;
  /** {@link encodeModules} of [alice, bob]. */
  pair: Uint16Array;
}

/** 1 where stream `first + i` was decrypted exactly, else 0. */
export interface TestResults {
  perfect: Uint8Array;
}

/**
 * Runs evaluation tasks. {@link localEvaluator} runs them in the calling thread; the compute-runner
 * spreads them over worker threads. Results never depend on how cells are split, because every
 * cell draws from its own stream derived from (seed, tick, role, cell).
 */
export interface Evaluator {
  evaluatePairs(task: PairTask): Promise<PairResults>;
  evaluateEves(task: EveTask): Promise<EveResults>;
  evaluateTests(task: TestTask): Promise<TestResults>;
  /** Number of parallel lanes (threads); 1 for the local evaluator. */
  readonly parallelism: number;
  close(): Promise<void>;
}

/**
 * Kernels of recently seen genomes, keyed by their encoded words: between generations most
 * genomes are unchanged (parents, and the whole population that did not evolve), so they are
 * neither decoded nor compiled again. A kernel is reset at the start of every episode, so reuse
 * cannot change a result; one cache per role keeps Alice and Bob from sharing a kernel.
 */
class KernelCache {
  private map = new Map<string, NetworkKernel>();
  private next = new Map<string, NetworkKernel>();

  constructor(private readonly capacity: number) {}

  /** The kernels of every genome in `data` ({@link encodeModules} form), in order. */
  kernels(data: Uint16Array, expected: number): NetworkKernel[] {
    if (data.length < 2) throw new TrainingStateError('encoded genomes truncated: no count');
    const count = data[0]! | (data[1]! << 16);
    if (count !== expected) {
      throw new TrainingStateError(`encoded genomes: ${count} genomes for ${expected} cells`);
    }
    const out: NetworkKernel[] = [];
    let k = 2;
    for (let i = 0; i < count; i++) {
      if (k + 7 > data.length)
        throw new TrainingStateError(`encoded genomes truncated at word ${k}`);
      const size =
        7 + (data[k + 3]! + data[k + 4]! * 65536) * 2 + (data[k + 5]! + data[k + 6]! * 65536) * 4;
      // networkID (first word) does not affect stepping: leave it out of the key.
      if (k + size > data.length)
        throw new TrainingStateError(`encoded genomes truncated at word ${k}`);
      const key = wordsKey(data, k + 1, k + size);
      let kernel = this.next.get(key) ?? this.map.get(key);
      if (!kernel) {
        const words = new Uint16Array(size + 2);
        words[0] = 1;
        words.set(data.subarray(k, k + size), 2);
        kernel = new NetworkKernel(compileGenome(decodeModules(words)[0]!));
      }
      this.next.set(key, kernel);
      out.push(kernel);
      k += size;
    }
    // Two generations' worth: keep what was used recently, drop the rest.
    if (this.next.size >= this.capacity) {
      this.map = this.next;
      this.next = new Map();
    }
    return out;
  }
}

function wordsKey(data: Uint16Array, start: number, end: number): string {
  let key = '';
  for (let i = start; i < end; i += 4096) {
    key += String.fromCharCode.apply(
      null,
      data.subarray(i, Math.min(end, i + 4096)) as unknown as number[],
    );
  }
  return key;
}

const caches = {
  alice: new KernelCache(1024),
  bob: new KernelCache(1024),
  eve: new KernelCache(1024),
};

/** Evaluates a {@link PairTask} synchronously (the body of every evaluator). */
export function runPairTask(task: PairTask): PairResults {
  const { steps, payloadWords, payloads, keys, regime } = task.stream;
  if (
    payloads.length < steps * payloadWords ||
    keys.length < (regime === 'otp' ? steps * payloadWords : 1)
  ) {
    throw new TrainingStateError(
      `pair task: stream arrays too short for ${steps} steps of ${payloadWords} words`,
    );
  }
  const alices = caches.alice.kernels(task.alices, task.count);
  const bobs = caches.bob.kernels(task.bobs, task.count);
  const eves = task.eves ? caches.eve.kernels(task.eves, task.count) : null;
  const runner = new PairEpisodeRunner(task.stream.steps, task.stream.payloadWords);
  const res: PairResults = {
    fitness: new Float64Array(task.count),
    decryption: new Float64Array(task.count),
    perfectSteps: new Int32Array(task.count),
    eveReward: new Float64Array(task.count),
  };
  for (let i = 0; i < task.count; i++) {
    const rng = lazyStreamFor(task.seed, task.tick, StreamRole.PairCell, task.first + i);
    const r = runner.run(alices[i]!, bobs[i]!, eves ? eves[i]! : null, task.stream, rng);
    res.fitness[i] = r.fitness;
    res.decryption[i] = r.decryption;
    res.perfectSteps[i] = r.perfectSteps;
    res.eveReward[i] = r.eveReward;
  }
  return res;
}

/** Evaluates an {@link EveTask} synchronously. */
export function runEveTask(task: EveTask): EveResults {
  const words = task.steps * task.payloadWords;
  if (task.payloads.length < words || task.ciphers.length < words) {
    throw new TrainingStateError(
      `eve task: plaintext/ciphertext arrays shorter than ${words} words`,
    );
  }
  const eves = caches.eve.kernels(task.eves, task.count);
  const fitness = new Float64Array(task.count);
  for (let i = 0; i < task.count; i++) {
    const rng = streamFor(task.seed, task.tick, StreamRole.EveCell, task.first + i);
    const eve = eves[i]!;
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

/**
 * Evaluates a {@link TestTask} synchronously, stream after stream on the scalar kernel (measured
 * faster than the lane kernel at these lane counts: a handful of streams per worker); a stream
 * stops at its first wrong step.
 */
export function runTestTask(task: TestTask): TestResults {
  const [alice, bob] = decodeModules(task.pair);
  if (!alice || !bob) throw new TrainingStateError('test task: expected an encoded Alice and Bob');
  const a = new NetworkKernel(compileGenome(alice));
  const b = new NetworkKernel(compileGenome(bob));
  const runner = new PairEpisodeRunner(task.steps, task.payloadWords);
  const perfect = new Uint8Array(task.count);
  for (let i = 0; i < task.count; i++) {
    const rng = streamFor(task.seed, task.tick, StreamRole.Test, task.first + i);
    const stream = drawStream(rng, task.steps, task.payloadWords, task.keyWords, task.regime);
    perfect[i] = runner.decryptsEveryStep(a, b, stream, rng) ? 1 : 0;
  }
  return { perfect };
}

/** Splits a test task into at most `parts` slices of streams. */
export function splitTestTask(task: TestTask, parts: number): TestTask[] {
  return splitRange(task.count, parts).map(({ first, count }) => ({
    ...task,
    first: task.first + first,
    count,
  }));
}

/** Concatenates test slice results in slice order. */
export function mergeTestResults(parts: TestResults[]): TestResults {
  const perfect = new Uint8Array(parts.reduce((n, r) => n + r.perfect.length, 0));
  let k = 0;
  for (const r of parts) {
    perfect.set(r.perfect, k);
    k += r.perfect.length;
  }
  return { perfect };
}

/** Runs every task in the calling thread (browser main thread, tests, one-core runs). */
export function localEvaluator(): Evaluator {
  return {
    parallelism: 1,
    evaluatePairs: async (task) => runPairTask(task),
    evaluateEves: async (task) => runEveTask(task),
    evaluateTests: async (task) => runTestTask(task),
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
    evaluateTests: async (task) => {
      const slices = splitTestTask(task, parts);
      return mergeTestResults(slices.reverse().map(runTestTask).reverse());
    },
    close: async () => {},
  };
}
