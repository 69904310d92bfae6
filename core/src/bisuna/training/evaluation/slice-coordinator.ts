import type { Module } from '../../genome.js';
import type { NetworkKernel } from '../../network-kernel.js';
import type { KeyRegime } from '../config.js';
import {
  defaultEpisodeEngine,
  drawStream,
  PairEpisodeRunner,
  runEveEpisode,
  type CipherStream,
  type EpisodeEngine,
} from '../cpa-episode.js';
import {
  agentResults,
  runAgentSlice,
  type AgentEnvironments,
  type AgentGeneration,
  type AgentResults,
  type AgentSlice,
} from '../agent-slice.js';
import { TrainingStateError } from '../errors.js';
import { KeystreamPairRunner } from '../keystream-episode.js';
import {
  GenomeMirror,
  ResidentGenomes,
  type GenomeRole,
  type GenomeUpdate,
} from '../resident-genomes.js';
import {
  forEachItem,
  processClockMs,
  stoppedShortOfItems,
  type ClaimedResults,
  type SharedWork,
} from '../lane-items.js';
import { StreamRole, streamFor } from '../random.js';

export {
  STEAL_AFTER_MS,
  processClockMs,
  type ClaimedResults,
  type SharedWork,
} from '../lane-items.js';
import {
  allItemsFinished,
  canShareMemory,
  createWorkClaims,
  sharedArray,
  type WorkClaims,
} from '../work-claims.js';

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
  /**
   * One generation of a single population (the task kinds with one network): every agent plays
   * the task's environment, which the evaluator's lanes must know (see {@link AgentEnvironments}).
   * Optional: evaluators made only for the cipher's pairs need not have it.
   */
  evaluateAgents?(task: AgentGeneration): Promise<AgentResults>;
  /**
   * Optional hint: `task` will be evaluated next, and its cells `0 .. readyCells-1` are final
   * (the next generation's parents and their partners) while the others are still being bred.
   * Idle lanes may evaluate those cells now; {@link evaluatePairs} of the same task then takes
   * their results, unless their genomes changed after all. Results never depend on it.
   */
  prefetchPairs?(task: PairGeneration, readyCells: number): void;
  /** Number of parallel lanes (threads); 1 for the local evaluator. */
  readonly parallelism: number;
  /**
   * Optional: `check` runs whenever the calling thread yields to the event loop in the middle of
   * a pair or Eve evaluation (about every {@link LANE_SLICE_MS}); when it throws, that evaluation
   * rejects with its error, before the caller has changed any state. The trainer uses it to stop
   * within a fraction of a second of an abort, whatever the population size. Null removes it.
   */
  setInterrupt?(check: (() => void) | null): void;
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
  /** Cells taken one at a time by every lane, results written in shared memory. */
  shared?: SharedWork<PairResults>;
  /**
   * Where the lane holds each cell's genomes (cell `first + i` at `residents[role][i]`) when they
   * have moved since they were sent, in a prefetch (see {@link Evaluator.prefetchPairs}).
   */
  residents?: PairResidents;
  /** With `shared`: the generation's held-out test, which the lane starts on as soon as it can. */
  test?: ChainedTest;
}

/**
 * The held-out test that follows a shared pair task: once every cell is finished, the lane tests
 * the best pair ({@link bestPairIndex} of the shared fitness), its streams claimed from `shared`,
 * without waiting for a message of its own. A lane that waits longer than
 * {@link CHAINED_TEST_WAIT_MS} for the other lanes' last cells leaves the test to them.
 */
export interface ChainedTest {
  tests: TestSpec;
  shared: SharedWork<Uint8Array>;
}

/** Longest a lane waits for a pair task's last cells before it leaves the chained test to others. */
export const CHAINED_TEST_WAIT_MS = 2;

/** Resident cells of the genomes of a slice's pairs, per role. */
export interface PairResidents {
  alice: Int32Array;
  bob: Int32Array;
  eve: Int32Array | null;
}

/**
 * Longest the calling thread's lane computes before it yields to the event loop and runs the
 * evaluator's interrupt check (see {@link Evaluator.setInterrupt}): signals and timers get to run.
 */
export const LANE_SLICE_MS = 50;

/** A macrotask: lets the event loop run timers, signals and messages (a microtask would not). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
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
  /** Streams taken one at a time by every lane; 1 per stream decrypted exactly. */
  shared?: SharedWork<Uint8Array>;
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
  /** Eves taken one at a time by every lane, fitness written in shared memory. */
  shared?: SharedWork<EveResults>;
}

export type EvaluationSlice = PairSlice | EveSlice | TestSlice | AgentSlice;
export type EvaluationSliceResults =
  PairSliceResults | EveResults | TestResults | AgentResults | ClaimedResults;

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
  const perfect = new Uint8Array(count);
  runTestItems(alice, bob, { spec, seed, tick, first, count }, engine, perfect);
  return perfect;
}

/** Which test streams of which generation a lane runs: `first .. first+count-1`, or claimed. */
interface TestItems {
  spec: TestSpec;
  seed: number;
  tick: number;
  first: number;
  count: number;
  shared?: SharedWork<unknown>;
}

/** {@link runTestStreams} into `perfect` (1 per stream decrypted exactly); returns streams run. */
function runTestItems(
  alice: NetworkKernel,
  bob: NetworkKernel,
  items: TestItems,
  engine: EpisodeEngine,
  perfect: Uint8Array,
): number {
  const { spec, seed, tick, first } = items;
  const runner = new PairEpisodeRunner(spec.steps, spec.payloadWords, engine);
  return forEachItem(items.count, items.shared, (i) => {
    const rng = streamFor(seed, tick, StreamRole.Test, first + i);
    const stream = drawStream(rng, spec.steps, spec.payloadWords, spec.keyWords, spec.regime);
    perfect[i] = runner.decryptsEveryStep(alice, bob, stream, rng) ? 1 : 0;
  });
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

/** Per-cell result arrays of `count` cells, in this thread's memory or shared. */
export function pairResults(count: number, shared = false): PairResults {
  const f64 = (n: number) => (shared ? sharedArray(Float64Array, n) : new Float64Array(n));
  return {
    fitness: f64(count),
    decryption: f64(count),
    perfectSteps: shared ? sharedArray(Int32Array, count) : new Int32Array(count),
    eveReward: f64(count),
  };
}

/** Evaluates a {@link PairSlice} on resident genomes (the body of every evaluator). */
export function runPairSlice(
  genomes: ResidentGenomes,
  task: PairSlice,
  engine: EpisodeEngine = defaultEpisodeEngine(),
): PairSliceResults | ClaimedResults {
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
  const runner =
    regime === 'otp'
      ? new PairEpisodeRunner(steps, payloadWords, engine)
      : new KeystreamPairRunner(steps, payloadWords, engine);
  const res = task.shared?.results ?? pairResults(task.count);
  const at = task.residents;
  const claimed = forEachItem(task.count, task.shared, (i) => {
    const cell = task.first + i;
    const rng = streamFor(task.seed, task.tick, StreamRole.PairCell, cell);
    const eve = task.withEve ? genomes.kernel('eve', at ? at.eve![i]! : cell) : null;
    const alice = genomes.kernel('alice', at ? at.alice[i]! : cell);
    const bob = genomes.kernel('bob', at ? at.bob[i]! : cell);
    const r = runner.run(alice, bob, eve, task.stream, rng);
    res.fitness[i] = r.fitness;
    res.decryption[i] = r.decryption;
    res.perfectSteps[i] = r.perfectSteps;
    res.eveReward[i] = r.eveReward;
  });
  if (stoppedShortOfItems()) return { claimed, stoppedEarly: true };
  if (task.test && task.shared && !at) {
    return { claimed: claimed + runChainedTest(genomes, task.shared, task, task.test, engine) };
  }
  return task.shared ? { claimed } : res;
}

/** Runs a lane's share of a {@link ChainedTest}: the streams it takes. */
function runChainedTest(
  genomes: ResidentGenomes,
  pairs: SharedWork<PairResults>,
  task: PairSlice,
  test: ChainedTest,
  engine: EpisodeEngine,
): number {
  const until = processClockMs() + CHAINED_TEST_WAIT_MS;
  while (!allItemsFinished(pairs.claims)) if (processClockMs() >= until) return 0;
  const cell = task.first + bestPairIndex(pairs.results.fitness);
  const { tests, shared } = test;
  const items = {
    spec: tests,
    seed: task.seed,
    tick: task.tick,
    first: 0,
    count: tests.count,
    shared,
  };
  return runTestItems(
    genomes.kernel('alice', cell),
    genomes.kernel('bob', cell),
    items,
    engine,
    shared.results,
  );
}

/** Runs a {@link TestSlice} on resident genomes. */
export function runTestSlice(
  genomes: ResidentGenomes,
  task: TestSlice,
  engine: EpisodeEngine = defaultEpisodeEngine(),
): TestResults | ClaimedResults {
  const { tests, cell, first, streams } = task;
  if (first < 0 || first + streams > tests.count) {
    throw new TrainingStateError(`test slice ${first}+${streams} outside ${tests.count} streams`);
  }
  const a = genomes.kernel('alice', cell);
  const b = genomes.kernel('bob', cell);
  const perfect = task.shared?.results ?? new Uint8Array(streams);
  const { seed, tick, shared } = task;
  const items = { spec: tests, seed, tick, first, count: streams, shared };
  const claimed = runTestItems(a, b, items, engine, perfect);
  return task.shared ? { claimed } : { testPerfect: perfect.reduce((n, x) => n + x, 0) };
}

/** Evaluates an {@link EveSlice} on resident genomes. */
export function runEveSlice(
  genomes: ResidentGenomes,
  task: EveSlice,
  engine: EpisodeEngine = defaultEpisodeEngine(),
): EveResults | ClaimedResults {
  const words = task.steps * task.payloadWords;
  if (task.payloads.length < words || task.ciphers.length < words) {
    throw new TrainingStateError(
      `eve task: plaintext/ciphertext arrays shorter than ${words} words`,
    );
  }
  checkCells(genomes, task, ['eve']);
  const fitness = task.shared?.results.fitness ?? new Float64Array(task.count);
  const claimed = forEachItem(task.count, task.shared, (i) => {
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
  });
  if (stoppedShortOfItems()) return { claimed, stoppedEarly: true };
  return task.shared ? { claimed } : { fitness };
}

/**
 * What runs in a worker: its resident genomes, kept current by the updates that come with each
 * slice. Throws TrainingStateError (or GenomeError from a corrupt genome) on bad input.
 */
export class SliceWorker {
  private genomes = new ResidentGenomes();

  constructor(
    private readonly engine: EpisodeEngine = defaultEpisodeEngine(),
    private readonly environments: AgentEnvironments = new Map(),
  ) {}

  run(updates: readonly GenomeUpdate[], slice: EvaluationSlice): EvaluationSliceResults {
    try {
      for (const u of updates) this.genomes.apply(u);
    } catch (error) {
      // Partly applied: hold nothing rather than a mix (the coordinator then resends everything).
      this.genomes = new ResidentGenomes();
      throw error;
    }
    switch (slice.kind) {
      case 'pairs':
        return runPairSlice(this.genomes, slice, this.engine);
      case 'eves':
        return runEveSlice(this.genomes, slice, this.engine);
      case 'test':
        return runTestSlice(this.genomes, slice, this.engine);
      case 'agents':
        return runAgentSlice(this.genomes, slice, this.environments);
    }
  }
}

/** Sends one lane its genome updates and slice, resolving with the slice's results. */
export type SendSlice = (
  lane: number,
  updates: GenomeUpdate[],
  slice: EvaluationSlice,
) => Promise<EvaluationSliceResults>;

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
   * coordinator calls after posting the other lanes' slices.
   */
  callingThreadLane?: boolean;
  /**
   * Every lane gets each task whole and takes its items one at a time from shared memory
   * ({@link WorkClaims}), so no lane waits for another longer than one item.
   */
  shareMemory?: boolean;
  /**
   * Called when the calling thread has nothing left but to wait for the workers: may take their
   * answers synchronously until `finished` (a wake-up from the event loop costs ~0.1 ms).
   */
  awaitWorkers?: (finished?: () => boolean) => void;
  /** How long the calling thread's lane computes between yields (default {@link LANE_SLICE_MS}). */
  laneSliceMs?: number;
}

function sameSizes(task: PairGeneration): boolean {
  const count = task.alices.length;
  return task.bobs.length === count && (!task.eves || task.eves.length === count);
}

/** The populations of a pair task with the mirrors that track what the lanes hold of them. */
function pairPopulations(
  mirrors: Record<GenomeRole, GenomeMirror>,
  task: PairGeneration,
): [GenomeMirror, readonly Module[]][] {
  const pops: [GenomeMirror, readonly Module[]][] = [
    [mirrors.alice, task.alices],
    [mirrors.bob, task.bobs],
  ];
  if (task.eves) pops.push([mirrors.eve, task.eves]);
  return pops;
}

/** Cells `first .. first+count-1` of a pair task. */
function pairSlice(task: PairGeneration, first: number, count: number): PairSlice {
  return {
    kind: 'pairs',
    seed: task.seed,
    tick: task.tick,
    first,
    count,
    stream: task.stream,
    withEve: task.eves !== null,
  };
}

const sameWords = (a: Uint16Array, b: Uint16Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether two pair tasks evaluate on the same data (their genomes are compared apart). */
function samePairTask(a: PairGeneration, b: PairGeneration): boolean {
  const [s, t] = [a.stream, b.stream];
  return (
    a.seed === b.seed &&
    a.tick === b.tick &&
    (a.eves === null) === (b.eves === null) &&
    (s === t ||
      (s.steps === t.steps &&
        s.payloadWords === t.payloadWords &&
        s.regime === t.regime &&
        sameWords(s.payloads, t.payloads) &&
        sameWords(s.keys, t.keys) &&
        sameWords(s.probes ?? new Uint16Array(0), t.probes ?? new Uint16Array(0))))
  );
}

/**
 * Whether the genomes a prefetch evaluated (cell i's at `residents[role][i]`, as last sent) are
 * the ones `updates` bring to cells `0 .. ready-1`: each such cell is unchanged and was evaluated
 * in place, or is moved from exactly where it was evaluated.
 */
function prefetchStillHolds(
  pre: { ready: number; residents: PairResidents },
  updates: readonly GenomeUpdate[],
): boolean {
  for (const role of ['alice', 'bob', 'eve'] as const) {
    const at = pre.residents[role];
    if (!at) continue;
    const u = updates.find((x) => x.role === role);
    const source = new Int32Array(pre.ready).map((_, i) => i);
    if (u) {
      for (let k = 0; k < u.cells.length; k++) {
        const cell = u.cells[k]!;
        if (cell < pre.ready) source[cell] = u.sources[k]!;
      }
    }
    for (let i = 0; i < pre.ready; i++) if (source[i] !== at[i]) return false;
  }
  return true;
}

/** `slice` with these options of its shared work (the calling thread's lane steals, workers take from the back). */
function withShared(
  slice: EvaluationSlice,
  options: Pick<SharedWork<unknown>, 'steal' | 'fromBack'>,
): EvaluationSlice {
  return slice.shared
    ? ({ ...slice, shared: { ...slice.shared, ...options } } as EvaluationSlice)
    : slice;
}

/** `slice` without its chained test: the calling thread runs the test after evolution. */
function withoutTest(slice: EvaluationSlice): EvaluationSlice {
  if (slice.kind !== 'pairs' || !slice.test) return slice;
  const { test: _, ...pairs } = slice;
  return pairs;
}

/**
 * The coordinator's side of an evaluator over `lanes` workers: keeps a {@link GenomeMirror} per
 * population, so each generation sends only the genomes that changed, and one message per lane
 * carries the updates and the lane's slice (or, sharing memory, the whole task, whose items the
 * lanes claim). The generation's best pair is then tested, its test streams spread over the lanes
 * too. Results equal {@link localEvaluator}'s for any number of lanes.
 */
export class SliceCoordinator implements Evaluator {
  private readonly mirrors = {
    alice: new GenomeMirror('alice'),
    bob: new GenomeMirror('bob'),
    eve: new GenomeMirror('eve'),
    agent: new GenomeMirror('agent'),
  };

  private readonly awaitWorkers: (finished?: () => boolean) => void;
  private readonly callingThreadLane: boolean;
  private readonly shareMemory: boolean;
  private readonly laneSliceMs: number;
  private interrupt: (() => void) | null = null;

  setInterrupt(check: (() => void) | null): void {
    this.interrupt = check;
  }

  constructor(
    readonly parallelism: number,
    private readonly send: SendSlice,
    private readonly onClose: () => Promise<void> = async () => {},
    options: SliceCoordinatorOptions = {},
  ) {
    this.awaitWorkers = options.awaitWorkers ?? (() => {});
    this.callingThreadLane = options.callingThreadLane ?? false;
    this.shareMemory = options.shareMemory ?? false;
    this.laneSliceMs = options.laneSliceMs ?? LANE_SLICE_MS;
  }

  private ranges(count: number) {
    return splitRange(count, this.parallelism);
  }

  private updates(pops: [GenomeMirror, readonly Module[]][]): GenomeUpdate[] {
    // A lane failed after its task was finished by others: it may hold other genomes than sent.
    if (this.laneFailed) this.forgetSentGenomes();
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
    const own =
      this.callingThreadLane && slices.length === this.parallelism ? slices.length - 1 : -1;
    const posted = slices.map((s, lane) => (lane === own ? null : this.send(lane, updates, s)));
    // Awaited by the returned function; a failure before then is not "unhandled".
    for (const p of posted) p?.catch(() => {});
    return async () => {
      try {
        const mine = own >= 0 ? this.send(own, updates, slices[own]!) : null;
        if (posted.some((p) => p !== null)) this.awaitWorkers();
        return (await Promise.all(posted.map((p) => p ?? mine!))) as T[];
      } catch (error) {
        this.forgetSentGenomes();
        throw error;
      }
    };
  }

  /**
   * Posts `slice` whole to every lane, its items to be claimed from `claims`; the returned
   * function runs the calling thread's lane and resolves once every item is finished.
   */
  private launchShared(
    updates: GenomeUpdate[],
    slice: EvaluationSlice,
    claims: WorkClaims,
    earlier: Promise<EvaluationSliceResults>[] = [],
  ): () => Promise<void> {
    const own = this.callingThreadLane ? this.parallelism - 1 : -1;
    const posted = [
      ...earlier,
      ...this.postToWorkers(updates, withShared(slice, { fromBack: true })),
    ];
    // Pair and Eve tasks may be interrupted (a test runs after the generation's state changed).
    const interrupt = slice.kind === 'test' ? null : this.interrupt;
    const mine = async (): Promise<EvaluationSliceResults> => {
      for (let first = true; ; first = false) {
        const until = interrupt ? processClockMs() + this.laneSliceMs : undefined;
        const lane = withShared(withoutTest(slice), { steal: true, ...(until && { until }) });
        const r = await this.send(own, first ? updates : [], lane);
        if (!(r as ClaimedResults).stoppedEarly) return r;
        await yieldToEventLoop();
        interrupt?.();
      }
    };
    return async () => {
      try {
        const ownAnswer = own >= 0 ? mine() : null;
        const answers = ownAnswer ? [...posted, ownAnswer] : posted;
        let failure: { error: unknown } | null = null;
        for (const p of answers) p.catch((error: unknown) => (failure ??= { error }));
        // The calling thread's lane first (it yields between its slices; an interrupt ends here).
        if (ownAnswer) await ownAnswer;
        if (!allItemsFinished(claims)) this.awaitWorkers(() => allItemsFinished(claims));
        const waiting = new Set(answers);
        while (!allItemsFinished(claims)) {
          if (waiting.size === 0) {
            throw new TrainingStateError(
              `every lane answered but not every one of the ${claims.count} items finished`,
            );
          }
          const { answered } = await Promise.race(
            [...waiting].map((p) => p.then(() => ({ answered: p }))),
          );
          waiting.delete(answered);
          interrupt?.();
        }
        // A lane that failed fails the task, even when the others finished its items.
        await null;
        if (failure) throw (failure as { error: unknown }).error;
      } catch (error) {
        this.forgetSentGenomes();
        throw error;
      }
    };
  }

  /** Sends `slice` to every worker lane (not the calling thread's). */
  private postToWorkers(
    updates: GenomeUpdate[],
    slice: EvaluationSlice,
  ): Promise<EvaluationSliceResults>[] {
    const posted: Promise<EvaluationSliceResults>[] = [];
    for (let lane = 0; lane < this.workerLanes; lane++) {
      const p = this.send(lane, updates, slice);
      // Whenever it fails, the lane may hold other genomes than the mirrors say.
      p.catch(() => (this.laneFailed = true));
      posted.push(p);
    }
    return posted;
  }

  private get workerLanes(): number {
    return this.parallelism - (this.callingThreadLane ? 1 : 0);
  }

  /** A lane failed since genomes were last sent (it may not hold them all): resend them. */
  private laneFailed = false;

  /** A lane may have stopped before applying the updates: resend everything next time. */
  private forgetSentGenomes(): void {
    for (const m of Object.values(this.mirrors)) m.reset();
    this.laneFailed = false;
    this.dropPrefetched();
  }

  /** Prefetches taken by {@link evaluatePairs}, and dropped (parents changed, another task). */
  readonly prefetchStats = { taken: 0, dropped: 0 };

  /** Forgets the prefetched evaluation; its workers stop taking cells (it sent no genomes). */
  private dropPrefetched(): void {
    if (!this.prefetched) return;
    Atomics.store(this.prefetched.shared.claims.counters, 0, 0);
    this.prefetched = null;
    this.prefetchStats.dropped++;
  }

  prefetchPairs(task: PairGeneration, readyCells: number): void {
    if (!this.shareMemory || this.workerLanes === 0 || !sameSizes(task)) return;
    this.dropPrefetched();
    const count = task.alices.length;
    const ready = Math.min(readyCells, count);
    const residents = this.residentsOf(task, ready);
    if (!residents) return;
    const shared = { claims: createWorkClaims(count), results: pairResults(count, true) };
    const slice = { ...pairSlice(task, 0, count), shared: { ...shared, upTo: ready }, residents };
    this.prefetched = { task, ready, residents, shared, answers: this.postToWorkers([], slice) };
  }

  /**
   * Where the lanes hold the genomes of cells `0 .. ready-1` of `task` (the modules last sent,
   * wherever they were), or null if one was never sent.
   */
  private residentsOf(task: PairGeneration, ready: number): PairResidents | null {
    const find = (mirror: GenomeMirror, modules: readonly Module[]) => {
      const at = new Int32Array(ready);
      for (let i = 0; i < ready; i++) at[i] = mirror.sentIndexOf(modules[i]!);
      return at.includes(-1) ? null : at;
    };
    const alice = find(this.mirrors.alice, task.alices);
    const bob = find(this.mirrors.bob, task.bobs);
    const eve = task.eves ? find(this.mirrors.eve, task.eves) : null;
    if (!alice || !bob || (task.eves && !eve)) return null;
    return { alice, bob, eve };
  }

  /** A pair evaluation started by {@link prefetchPairs}, until {@link evaluatePairs} takes it. */
  private prefetched: {
    task: PairGeneration;
    ready: number;
    /** Where the lanes held cell i's genomes when the prefetch was posted. */
    residents: PairResidents;
    shared: SharedWork<PairResults>;
    answers: Promise<EvaluationSliceResults>[];
  } | null = null;

  async evaluatePairs(task: PairGeneration): Promise<PairGenerationResults> {
    if (!sameSizes(task)) {
      throw new TrainingStateError('pair evaluation: populations of different sizes');
    }
    const count = task.alices.length;
    const pops = pairPopulations(this.mirrors, task);
    const updates = this.updates(pops);
    const pre = this.prefetched;
    const test = this.chainedTest(task);
    let results: PairResults;
    if (
      pre &&
      pre.shared.claims.count === count &&
      samePairTask(pre.task, task) &&
      prefetchStillHolds(pre, updates)
    ) {
      this.prefetched = null;
      this.prefetchStats.taken++;
      const shared = { ...pre.shared, upTo: count };
      await this.launchShared(
        updates,
        { ...pairSlice(task, 0, count), shared, ...(test && { test }) },
        shared.claims,
        pre.answers,
      )();
      results = pre.shared.results;
    } else {
      this.dropPrefetched();
      results = await this.evaluatePairsNow(task, updates, test);
    }
    const best = bestPairIndex(results.fitness);
    let finishTest = () => Promise.resolve(0);
    if (test) finishTest = () => this.finishChainedTest(best, task, test);
    else if (task.tests) finishTest = this.startTest(best, task, task.tests);
    return { ...results, finishTest };
  }

  /**
   * The test the workers chain to `task`'s pairs, where the calling thread has a lane (which then
   * finishes whatever streams they left): spares them a message and the wait for it.
   */
  private chainedTest(task: PairGeneration): ChainedTest | null {
    if (!task.tests || !this.shareMemory || !this.callingThreadLane || this.workerLanes === 0) {
      return null;
    }
    const shared = {
      claims: createWorkClaims(task.tests.count),
      results: sharedArray(Uint8Array, task.tests.count),
    };
    return { tests: task.tests, shared };
  }

  /** Runs the calling thread's lane on a chained test (stealing what workers hold too long). */
  private async finishChainedTest(
    cell: number,
    task: PairGeneration,
    { tests, shared }: ChainedTest,
  ): Promise<number> {
    const slice: TestSlice = {
      kind: 'test',
      seed: task.seed,
      tick: task.tick,
      cell,
      tests,
      first: 0,
      streams: tests.count,
      shared: { ...shared, steal: true },
    };
    try {
      await this.send(this.parallelism - 1, [], slice);
    } catch (error) {
      this.forgetSentGenomes();
      throw error;
    }
    if (!allItemsFinished(shared.claims)) {
      throw new TrainingStateError(`held-out test: not every one of ${tests.count} streams ran`);
    }
    return shared.results.reduce((n, x) => n + x, 0);
  }

  private async evaluatePairsNow(
    task: PairGeneration,
    updates: GenomeUpdate[],
    test: ChainedTest | null,
  ): Promise<PairResults> {
    const count = task.alices.length;
    if (this.shareMemory) {
      const shared = { claims: createWorkClaims(count), results: pairResults(count, true) };
      const slice = { ...pairSlice(task, 0, count), shared, ...(test && { test }) };
      await this.launchShared(updates, slice, shared.claims)();
      return shared.results;
    }
    const parts = await this.launch<PairSliceResults>(
      updates,
      this.ranges(count).map(({ first, count }) => pairSlice(task, first, count)),
    )();
    return {
      fitness: concat(
        parts.map((r) => r.fitness),
        (n) => new Float64Array(n),
      ),
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
    };
  }

  /** Posts the test of pair `cell`, its streams spread over the lanes. */
  private startTest(cell: number, task: PairGeneration, tests: TestSpec): () => Promise<number> {
    const slice = (first: number, streams: number): TestSlice => ({
      kind: 'test',
      seed: task.seed,
      tick: task.tick,
      cell,
      tests,
      first,
      streams,
    });
    if (this.shareMemory) {
      const shared = {
        claims: createWorkClaims(tests.count),
        results: sharedArray(Uint8Array, tests.count),
      };
      const finish = this.launchShared([], { ...slice(0, tests.count), shared }, shared.claims);
      return async () => {
        await finish();
        return shared.results.reduce((n, x) => n + x, 0);
      };
    }
    const finish = this.launch<TestResults>(
      [],
      this.ranges(tests.count).map(({ first, count }) => slice(first, count)),
    );
    return async () => (await finish()).reduce((n, r) => n + r.testPerfect, 0);
  }

  async evaluateEves(task: EveGeneration): Promise<EveResults> {
    const count = task.eves.length;
    const slice = (first: number, count: number): EveSlice => ({
      kind: 'eves',
      seed: task.seed,
      tick: task.tick,
      first,
      count,
      payloadWords: task.payloadWords,
      steps: task.steps,
      payloads: task.payloads,
      ciphers: task.ciphers,
    });
    // Eves may change in place before the next pair evaluation: a prefetch would not see it.
    this.dropPrefetched();
    const updates = this.updates([[this.mirrors.eve, task.eves]]);
    if (this.shareMemory) {
      const shared = {
        claims: createWorkClaims(count),
        results: { fitness: sharedArray(Float64Array, count) },
      };
      await this.launchShared(updates, { ...slice(0, count), shared }, shared.claims)();
      return shared.results;
    }
    const parts = await this.launch<EveResults>(
      updates,
      this.ranges(count).map(({ first, count }) => slice(first, count)),
    )();
    return {
      fitness: concat(
        parts.map((r) => r.fitness),
        (n) => new Float64Array(n),
      ),
    };
  }

  async evaluateAgents(task: AgentGeneration): Promise<AgentResults> {
    const count = task.agents.length;
    const bytes = task.environment.detailBytes ?? 0;
    const slice = (first: number, count: number): AgentSlice => ({
      kind: 'agents',
      seed: task.seed,
      tick: task.tick,
      first,
      count,
      environment: task.environment,
    });
    this.dropPrefetched();
    const updates = this.updates([[this.mirrors.agent, task.agents]]);
    if (this.shareMemory) {
      const shared = {
        claims: createWorkClaims(count),
        results: agentResults(count, bytes, true),
      };
      await this.launchShared(updates, { ...slice(0, count), shared }, shared.claims)();
      return shared.results;
    }
    const parts = await this.launch<AgentResults>(
      updates,
      this.ranges(count).map(({ first, count }) => slice(first, count)),
    )();
    const join = (pick: (r: AgentResults) => Float64Array) =>
      concat(parts.map(pick), (n) => new Float64Array(n));
    const detail = new Uint8Array(count * bytes);
    let at = 0;
    for (const p of parts) {
      detail.set(p.detail, at);
      at += p.detail.length;
    }
    return {
      fitness: join((r) => r.fitness),
      figure: join((r) => r.figure),
      detail,
      detailBytes: bytes,
    };
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

/**
 * Runs every evaluation in the calling thread (browser main thread, tests, one-core runs). Where
 * memory can be shared, it takes the cells one at a time as the calling thread's lane of a pool
 * does, so a long evaluation yields to the event loop (see {@link Evaluator.setInterrupt}).
 */
export function localEvaluator(
  engine?: EpisodeEngine,
  environments?: AgentEnvironments,
): Evaluator {
  const shared = canShareMemory();
  return slicedEvaluator(
    1,
    engine,
    { callingThreadLane: shared, shareMemory: shared },
    environments,
  );
}

/**
 * An in-thread evaluator over `parts` lanes, each with its own resident genomes: shows that
 * results do not depend on the split (or, with `options`, on claiming and prefetching); also a
 * template for parallel evaluators.
 */
export function slicedEvaluator(
  parts: number,
  engine?: EpisodeEngine,
  options: SliceCoordinatorOptions = {},
  environments?: AgentEnvironments,
): SliceCoordinator {
  const lanes = Array.from({ length: parts }, () => new SliceWorker(engine, environments));
  return new SliceCoordinator(
    parts,
    async (lane, updates, slice) => lanes[lane]!.run(updates, slice),
    undefined,
    options,
  );
}
