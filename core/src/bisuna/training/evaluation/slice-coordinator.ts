import type { Module } from '../../format/genome.js';
import {
  agentResults,
  type AgentGeneration,
  type AgentResults,
  type AgentSlice,
} from '../agent-slice.js';
import { TrainingStateError } from '../errors.js';
import { GenomeMirror, type GenomeRole, type GenomeUpdate } from '../resident-genomes.js';
import { processClockMs, type ClaimedResults, type SharedWork } from '../lane-items.js';
import {
  allItemsFinished,
  createWorkClaims,
  sharedArray,
  type WorkClaims,
} from '../work-claims.js';
import {
  bestPairIndex,
  LANE_SLICE_MS,
  yieldToEventLoop,
  type EveGeneration,
  type EveResults,
  type Evaluator,
  type PairGeneration,
  type PairGenerationResults,
  type PairResults,
  type TestSpec,
} from './evaluator.js';
import {
  pairResults,
  type ChainedTest,
  type EvaluationSlice,
  type EvaluationSliceResults,
  type EveSlice,
  type PairResidents,
  type PairSlice,
  type PairSliceResults,
  type SendSlice,
  type TestResults,
  type TestSlice,
} from './worker-messages.js';

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

  /** A lane failed since genomes were last sent (it may not hold them all): resend them. */
  private laneFailed = false;

  /** Prefetches taken by {@link evaluatePairs}, and dropped (parents changed, another task). */
  readonly prefetchStats = { taken: 0, dropped: 0 };

  /** A pair evaluation started by {@link prefetchPairs}, until {@link evaluatePairs} takes it. */
  private prefetched: {
    task: PairGeneration;
    ready: number;
    /** Where the lanes held cell i's genomes when the prefetch was posted. */
    residents: PairResidents;
    shared: SharedWork<PairResults>;
    answers: Promise<EvaluationSliceResults>[];
  } | null = null;

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

  /** A lane may have stopped before applying the updates: resend everything next time. */
  private forgetSentGenomes(): void {
    for (const m of Object.values(this.mirrors)) m.reset();
    this.laneFailed = false;
    this.dropPrefetched();
  }

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
