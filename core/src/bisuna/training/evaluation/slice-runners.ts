import type { NetworkKernel } from '../../kernels/network-kernel.js';
import {
  defaultEpisodeEngine,
  drawStream,
  PairEpisodeRunner,
  runEveEpisode,
  type EpisodeEngine,
} from '../cpa-episode.js';
import { runAgentSlice, type AgentEnvironments } from '../agent-slice.js';
import { TrainingStateError } from '../errors.js';
import { KeystreamPairRunner } from '../keystream-episode.js';
import { ResidentGenomes, type GenomeRole, type GenomeUpdate } from '../resident-genomes.js';
import {
  forEachItem,
  processClockMs,
  stoppedShortOfItems,
  type ClaimedResults,
  type SharedWork,
} from '../lane-items.js';
import { StreamRole, streamFor } from '../random.js';
import { allItemsFinished } from '../work-claims.js';
import { bestPairIndex, type EveResults, type PairResults, type TestSpec } from './evaluator.js';
import {
  CHAINED_TEST_WAIT_MS,
  pairResults,
  type ChainedTest,
  type EvaluationSlice,
  type EvaluationSliceResults,
  type EveSlice,
  type PairSlice,
  type PairSliceResults,
  type TestResults,
  type TestSlice,
} from './worker-messages.js';

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
