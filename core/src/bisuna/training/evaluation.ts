import type { Module } from '../genome.js';
import type { NetworkKernel } from '../network-kernel.js';
import type { KeyRegime } from './config.js';
import {
  defaultEpisodeEngine,
  drawStream,
  PairEpisodeRunner,
  runEveEpisode,
  type CipherStream,
  type EpisodeEngine,
} from './cpa-episode.js';
import { TrainingStateError } from './errors.js';
import {
  GenomeMirror,
  ResidentGenomes,
  type GenomeRole,
  type GenomeUpdate,
} from './resident-genomes.js';
import { StreamRole, streamFor } from './random.js';

/** The held-out decryption test of a generation's best pair (see {@link PairGeneration}). */
export interface TestSpec {
  /** Streams; stream `s` draws its data and Random-neuron values from (seed, tick, Test, s). */
  count: number;
  steps: number;
  payloadWords: number;
  keyWords: number;
  regime: KeyRegime;
}

/**
 * One A&B generation's evaluation: cell i pairs `alices[i]` with `bobs[i]` (and `eves[i]` when Eve
 * plays) on `stream`, then the best pair ({@link bestPairIndex}) plays the held-out `tests`.
 */
export interface PairGeneration {
  seed: number;
  /** The run's generation counter (all kinds), which keys the random streams. */
  tick: number;
  stream: CipherStream;
  alices: readonly Module[];
  bobs: readonly Module[];
  eves: readonly Module[] | null;
  tests: TestSpec | null;
}

/** Per-cell results of a pair evaluation, indexed from its first cell. */
export interface PairResults {
  fitness: Float64Array;
  decryption: Float64Array;
  perfectSteps: Int32Array;
  eveReward: Float64Array;
}

/** A generation's {@link PairResults} and its best pair's held-out result. */
export interface PairGenerationResults extends PairResults {
  /**
   * Test streams the best pair decrypted exactly (0 without tests). Workers start testing as soon
   * as the generation is evaluated; the calling thread's share of the streams runs in this call,
   * so call it once, after the work that can overlap the test (evolution), and before the next
   * evaluation.
   */
  finishTest(): Promise<number>;
}

/** One Eve generation's evaluation: every Eve plays the same plaintext/ciphertext run. */
export interface EveGeneration {
  seed: number;
  tick: number;
  payloadWords: number;
  steps: number;
  payloads: Uint16Array;
  ciphers: Uint16Array;
  eves: readonly Module[];
}

/** Per-cell Eve fitness of an Eve evaluation. */
export interface EveResults {
  fitness: Float64Array;
}

/**
 * Runs a generation's evaluation. {@link localEvaluator} runs it in the calling thread; a
 * {@link SliceCoordinator} spreads it over workers. Results never depend on how cells are split,
 * because every cell draws from its own stream derived from (seed, tick, role, cell).
 */
export interface Evaluator {
  evaluatePairs(task: PairGeneration): Promise<PairGenerationResults>;
  evaluateEves(task: EveGeneration): Promise<EveResults>;
  /** Number of parallel lanes (threads); 1 for the local evaluator. */
  readonly parallelism: number;
  close(): Promise<void>;
}

/** The pair a generation keeps and tests: the first of the highest fitness. */
export function bestPairIndex(fitness: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < fitness.length; i++) if (fitness[i]! > fitness[best]!) best = i;
  return best;
}

/**
 * A worker's share of a {@link PairGeneration} (plain data, posted with the genome updates):
 * cells `first .. first+count-1` of the resident populations.
 */
export interface PairSlice {
  kind: 'pairs';
  seed: number;
  tick: number;
  first: number;
  count: number;
  stream: CipherStream;
  withEve: boolean;
}

/** Results of a {@link PairSlice}. */
export type PairSliceResults = PairResults;

/**
 * Part of the held-out test of resident pair `cell` (the generation's best): test streams
 * `first .. first+streams-1` of `tick`.
 */
export interface TestSlice {
  kind: 'test';
  seed: number;
  tick: number;
  cell: number;
  tests: TestSpec;
  first: number;
  streams: number;
}

/** Results of a {@link TestSlice}: how many of its streams the pair decrypted exactly. */
export interface TestResults {
  testPerfect: number;
}

/** A worker's share of an {@link EveGeneration}: resident Eves `first .. first+count-1`. */
export interface EveSlice {
  kind: 'eves';
  seed: number;
  tick: number;
  first: number;
  count: number;
  payloadWords: number;
  steps: number;
  payloads: Uint16Array;
  ciphers: Uint16Array;
}

export type EvaluationSlice = PairSlice | EveSlice | TestSlice;
export type EvaluationSliceResults = PairSliceResults | EveResults | TestResults;

/**
 * 1 where test stream `first + i` of the pair was decrypted exactly, else 0: stream after stream
 * on the episode engine (one pair's few streams do not fill the lane kernel); a stream stops at
 * its first wrong step.
 */
export function runTestStreams(
  alice: NetworkKernel,
  bob: NetworkKernel,
  spec: TestSpec,
  seed: number,
  tick: number,
  first = 0,
  count = spec.count,
  engine: EpisodeEngine = defaultEpisodeEngine(),
): Uint8Array {
  const runner = new PairEpisodeRunner(spec.steps, spec.payloadWords, engine);
  const perfect = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const rng = streamFor(seed, tick, StreamRole.Test, first + i);
    const stream = drawStream(rng, spec.steps, spec.payloadWords, spec.keyWords, spec.regime);
    perfect[i] = runner.decryptsEveryStep(alice, bob, stream, rng) ? 1 : 0;
  }
  return perfect;
}

function checkCells(
  genomes: ResidentGenomes,
  slice: PairSlice | EveSlice,
  roles: readonly GenomeRole[],
): void {
  for (const role of roles) {
    if (slice.first < 0 || slice.first + slice.count > genomes.size(role)) {
      throw new TrainingStateError(
        `${slice.kind} slice ${slice.first}+${slice.count} outside the ${genomes.size(role)} resident ${role} genomes`,
      );
    }
  }
}

/** Evaluates a {@link PairSlice} on resident genomes (the body of every evaluator). */
export function runPairSlice(
  genomes: ResidentGenomes,
  task: PairSlice,
  engine: EpisodeEngine = defaultEpisodeEngine(),
): PairSliceResults {
  const { steps, payloadWords, payloads, keys, regime } = task.stream;
  if (
    payloads.length < steps * payloadWords ||
    keys.length < (regime === 'otp' ? steps * payloadWords : 1)
  ) {
    throw new TrainingStateError(
      `pair task: stream arrays too short for ${steps} steps of ${payloadWords} words`,
    );
  }
  checkCells(genomes, task, task.withEve ? ['alice', 'bob', 'eve'] : ['alice', 'bob']);
  const runner = new PairEpisodeRunner(steps, payloadWords, engine);
  const res: PairSliceResults = {
    fitness: new Float64Array(task.count),
    decryption: new Float64Array(task.count),
    perfectSteps: new Int32Array(task.count),
    eveReward: new Float64Array(task.count),
  };
  for (let i = 0; i < task.count; i++) {
    const cell = task.first + i;
    const rng = streamFor(task.seed, task.tick, StreamRole.PairCell, cell);
    const eve = task.withEve ? genomes.kernel('eve', cell) : null;
    const alice = genomes.kernel('alice', cell);
    const r = runner.run(alice, genomes.kernel('bob', cell), eve, task.stream, rng);
    res.fitness[i] = r.fitness;
    res.decryption[i] = r.decryption;
    res.perfectSteps[i] = r.perfectSteps;
    res.eveReward[i] = r.eveReward;
  }
  return res;
}

/** Runs a {@link TestSlice} on resident genomes. */
export function runTestSlice(
  genomes: ResidentGenomes,
  task: TestSlice,
  engine: EpisodeEngine = defaultEpisodeEngine(),
): TestResults {
  const { tests, cell, first, streams } = task;
  if (first < 0 || first + streams > tests.count) {
    throw new TrainingStateError(`test slice ${first}+${streams} outside ${tests.count} streams`);
  }
  const a = genomes.kernel('alice', cell);
  const b = genomes.kernel('bob', cell);
  const perfect = runTestStreams(a, b, tests, task.seed, task.tick, first, streams, engine);
  return { testPerfect: perfect.reduce((n, x) => n + x, 0) };
}

/** Evaluates an {@link EveSlice} on resident genomes. */
export function runEveSlice(
  genomes: ResidentGenomes,
  task: EveSlice,
  engine: EpisodeEngine = defaultEpisodeEngine(),
): EveResults {
  const words = task.steps * task.payloadWords;
  if (task.payloads.length < words || task.ciphers.length < words) {
    throw new TrainingStateError(
      `eve task: plaintext/ciphertext arrays shorter than ${words} words`,
    );
  }
  checkCells(genomes, task, ['eve']);
  const fitness = new Float64Array(task.count);
  for (let i = 0; i < task.count; i++) {
    const cell = task.first + i;
    const rng = streamFor(task.seed, task.tick, StreamRole.EveCell, cell);
    fitness[i] = runEveEpisode(
      genomes.kernel('eve', cell),
      task.payloads,
      task.ciphers,
      task.payloadWords,
      task.steps,
      rng,
      engine,
    );
  }
  return { fitness };
}

/**
 * What runs in a worker: its resident genomes, kept current by the updates that come with each
 * slice. Throws TrainingStateError (or GenomeError from a corrupt genome) on bad input.
 */
export class SliceWorker {
  private readonly genomes = new ResidentGenomes();

  constructor(private readonly engine: EpisodeEngine = defaultEpisodeEngine()) {}

  run(updates: readonly GenomeUpdate[], slice: EvaluationSlice): EvaluationSliceResults {
    for (const u of updates) this.genomes.apply(u);
    switch (slice.kind) {
      case 'pairs':
        return runPairSlice(this.genomes, slice, this.engine);
      case 'eves':
        return runEveSlice(this.genomes, slice, this.engine);
      case 'test':
        return runTestSlice(this.genomes, slice, this.engine);
    }
  }
}

/**
 * A lane's results, with when the lane finished them (ms on {@link processClockMs}) where the
 * lane can tell.
 */
export type LaneResults = EvaluationSliceResults & { finishedAt?: number };

/** Sends one lane its genome updates and slice, resolving with the slice's results. */
export type SendSlice = (
  lane: number,
  updates: GenomeUpdate[],
  slice: EvaluationSlice,
) => Promise<LaneResults>;

/** Milliseconds on a clock every thread of the process shares (unlike `performance.now()`). */
export function processClockMs(): number {
  return performance.timeOrigin + performance.now();
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

/** The task kinds whose split between the lanes is balanced separately. */
type SliceKind = EvaluationSlice['kind'];

/**
 * The share of a task (cells, or test streams) of the lane that runs in the calling thread, kept
 * so that the calling thread finishes its slice just when the workers finish theirs: the calling
 * thread also runs the generation's serial part, and a worker's slice costs a hand-over. Splits
 * never change results, only who computes what.
 */
export class CallingThreadShare {
  /** Items of the calling thread's lane, fractional so that small corrections accumulate. */
  private items: number | null = null;

  /** Contiguous ranges for `parts` lanes, the calling thread's last. */
  ranges(count: number, parts: number): { first: number; count: number }[] {
    if (parts < 2 || count < parts) return splitRange(count, parts);
    this.items ??= count / parts;
    const own = Math.min(count - (parts - 1), Math.max(1, Math.round(this.items)));
    return [...splitRange(count - own, parts - 1), { first: count - own, count: own }];
  }

  /**
   * Moves items towards the lane that finished first: the calling thread took `ownMs` for its
   * `own` items of `count`, and the last worker finished `lateMs` after it (negative: before).
   */
  record(own: number, ownMs: number, lateMs: number, count: number): void {
    if (this.items === null || own === 0 || ownMs <= 0) return;
    // Moving m items shifts the gap by about 2m items' time: a quarter of the gap, at most half
    // an item a time, against noise (a cell that changes lanes is compiled again there).
    const move = lateMs / (4 * (ownMs / own));
    this.items = Math.min(count - 1, Math.max(1, this.items + Math.max(-0.5, Math.min(0.5, move))));
  }
}

function concat<T extends Float64Array | Int32Array>(parts: T[], make: (n: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

export interface SliceCoordinatorOptions {
  /**
   * `send` computes the last lane's slice synchronously in the calling thread, which the
   * coordinator calls after posting the other lanes' slices; that lane's share follows the
   * measured times (workers report `finishedAt`).
   */
  callingThreadLane?: boolean;
  /**
   * Called when the calling thread has nothing left but to wait for the workers: may take their
   * answers synchronously (a wake-up from the event loop costs ~0.1 ms).
   */
  awaitWorkers?: () => void;
}

/**
 * The coordinator's side of an evaluator over `lanes` workers: keeps a {@link GenomeMirror} per
 * population, so each generation sends only the genomes that changed, and one message per lane
 * carries the updates and the lane's slice. The generation's best pair is then tested, its test
 * streams split over the lanes too. Results equal {@link localEvaluator}'s for any number of lanes.
 */
export class SliceCoordinator implements Evaluator {
  private readonly mirrors = {
    alice: new GenomeMirror('alice'),
    bob: new GenomeMirror('bob'),
    eve: new GenomeMirror('eve'),
  };

  /** With a calling-thread lane: its share of each kind of task. */
  private readonly shares: Record<SliceKind, CallingThreadShare> | null;

  private readonly awaitWorkers: () => void;

  constructor(
    readonly parallelism: number,
    private readonly send: SendSlice,
    private readonly onClose: () => Promise<void> = async () => {},
    options: SliceCoordinatorOptions = {},
  ) {
    this.awaitWorkers = options.awaitWorkers ?? (() => {});
    this.shares = options.callingThreadLane
      ? {
          pairs: new CallingThreadShare(),
          eves: new CallingThreadShare(),
          test: new CallingThreadShare(),
        }
      : null;
  }

  private ranges(kind: SliceKind, count: number) {
    return (
      this.shares?.[kind].ranges(count, this.parallelism) ?? splitRange(count, this.parallelism)
    );
  }

  private updates(pops: [GenomeMirror, readonly Module[]][]): GenomeUpdate[] {
    const out: GenomeUpdate[] = [];
    for (const [mirror, modules] of pops) {
      const u = mirror.update(modules);
      if (u) out.push(u);
    }
    return out;
  }

  /**
   * Posts the slices (slice i to lane i) and returns the function that awaits their results. The
   * calling thread's slice, if it has one, runs when that function is called, so that the caller
   * can do other work first while the workers compute.
   */
  private launch<T extends EvaluationSliceResults>(
    updates: GenomeUpdate[],
    slices: EvaluationSlice[],
  ): () => Promise<T[]> {
    const own = this.shares && slices.length === this.parallelism ? slices.length - 1 : -1;
    const posted = slices.map((s, lane) => (lane === own ? null : this.send(lane, updates, s)));
    // Awaited by the returned function; a failure before then is not "unhandled".
    for (const p of posted) p?.catch(() => {});
    return async () => {
      try {
        const start = processClockMs();
        const mine = own >= 0 ? this.send(own, updates, slices[own]!) : null;
        const end = processClockMs();
        if (posted.some((p) => p !== null)) this.awaitWorkers();
        const results = await Promise.all(posted.map((p) => p ?? mine!));
        if (own >= 0) {
          const workersDone = Math.max(
            ...results.map((r, lane) => (lane === own ? -Infinity : (r.finishedAt ?? NaN))),
          );
          if (!Number.isNaN(workersDone)) {
            const items = (s: EvaluationSlice) => (s.kind === 'test' ? s.streams : s.count);
            this.shares![slices[own]!.kind].record(
              items(slices[own]!),
              end - start,
              workersDone - end,
              slices.reduce((n, s) => n + items(s), 0),
            );
          }
        }
        return results as T[];
      } catch (error) {
        // A lane may have stopped before applying the updates: resend everything next time.
        for (const m of Object.values(this.mirrors)) m.reset();
        throw error;
      }
    };
  }

  async evaluatePairs(task: PairGeneration): Promise<PairGenerationResults> {
    const count = task.alices.length;
    if (task.bobs.length !== count || (task.eves && task.eves.length !== count)) {
      throw new TrainingStateError('pair evaluation: populations of different sizes');
    }
    const pops: [GenomeMirror, readonly Module[]][] = [
      [this.mirrors.alice, task.alices],
      [this.mirrors.bob, task.bobs],
    ];
    if (task.eves) pops.push([this.mirrors.eve, task.eves]);
    const parts = await this.launch<PairSliceResults>(
      this.updates(pops),
      this.ranges('pairs', count).map(({ first, count }) => ({
        kind: 'pairs',
        seed: task.seed,
        tick: task.tick,
        first,
        count,
        stream: task.stream,
        withEve: task.eves !== null,
      })),
    )();
    const fitness = concat(
      parts.map((r) => r.fitness),
      (n) => new Float64Array(n),
    );
    return {
      fitness,
      decryption: concat(
        parts.map((r) => r.decryption),
        (n) => new Float64Array(n),
      ),
      perfectSteps: concat(
        parts.map((r) => r.perfectSteps),
        (n) => new Int32Array(n),
      ),
      eveReward: concat(
        parts.map((r) => r.eveReward),
        (n) => new Float64Array(n),
      ),
      finishTest: task.tests
        ? this.startTest(bestPairIndex(fitness), task, task.tests)
        : () => Promise.resolve(0),
    };
  }

  /** Posts the test of pair `cell`, its streams split over the lanes. */
  private startTest(cell: number, task: PairGeneration, tests: TestSpec): () => Promise<number> {
    const finish = this.launch<TestResults>(
      [],
      this.ranges('test', tests.count).map(({ first, count }) => ({
        kind: 'test',
        seed: task.seed,
        tick: task.tick,
        cell,
        tests,
        first,
        streams: count,
      })),
    );
    return async () => (await finish()).reduce((n, r) => n + r.testPerfect, 0);
  }

  async evaluateEves(task: EveGeneration): Promise<EveResults> {
    const parts = await this.launch<EveResults>(
      this.updates([[this.mirrors.eve, task.eves]]),
      this.ranges('eves', task.eves.length).map(({ first, count }) => ({
        kind: 'eves',
        seed: task.seed,
        tick: task.tick,
        first,
        count,
        payloadWords: task.payloadWords,
        steps: task.steps,
        payloads: task.payloads,
        ciphers: task.ciphers,
      })),
    )();
    return {
      fitness: concat(
        parts.map((r) => r.fitness),
        (n) => new Float64Array(n),
      ),
    };
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

/** Runs every evaluation in the calling thread (browser main thread, tests, one-core runs). */
export function localEvaluator(engine?: EpisodeEngine): Evaluator {
  return slicedEvaluator(1, engine);
}

/**
 * An in-thread evaluator over `parts` lanes, each with its own resident genomes: shows that
 * results do not depend on the split; also a template for parallel evaluators.
 */
export function slicedEvaluator(parts: number, engine?: EpisodeEngine): Evaluator {
  const lanes = Array.from({ length: parts }, () => new SliceWorker(engine));
  return new SliceCoordinator(parts, async (lane, updates, slice) =>
    lanes[lane]!.run(updates, slice),
  );
}
