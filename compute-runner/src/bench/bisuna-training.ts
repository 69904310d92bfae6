import {
  agentResults,
  clonePopulation,
  createTrainingState,
  drawStream,
  episodeSteps,
  localEvaluator,
  runTick,
  SliceCoordinator,
  spectrumDiversityEvolve,
  StreamRole,
  streamFor,
  stateFromJson,
  stateToJson,
  trainCipher,
  trainingConfigFromJson,
  type CipherTrainingState,
  type Evaluator,
  type PairGeneration,
  type TrainingPopulation,
} from '@tem/core/bisuna/training';
import { loadavg } from 'node:os';
import { threadCpuMs } from '../training/thread-cpu.js';
import { computeThreadsEvaluator, WorkerPoolEvaluator } from '../training/worker-pool.js';
import type { BenchSuite } from './suite.js';

/** Median of `runs` timings (ms) after one warm-up call; wall clock, or this process's CPU time. */
async function medianMs(
  runs: number,
  fn: () => unknown,
  clock: 'wall' | 'cpu' = 'wall',
): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await fn();
    const cpu = process.cpuUsage(c0);
    ms.push(clock === 'wall' ? performance.now() - t0 : (cpu.user + cpu.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)]!;
}

const cpuMsSince = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

interface RunTimes {
  wall: number;
  /** Shortest wall time of the repeats (what the run costs with the least interference). */
  best?: number;
  /** Process CPU, every thread. */
  cpu: number;
  /** The main thread's CPU plus the busiest worker's (Linux): the length of a run whose main thread waits for its workers. */
  criticalCpu: number;
  /** The busiest thread's CPU (Linux): the length of a run whose main thread computes too. */
  busiestThreadCpu: number;
}

/**
 * Times `generations` A&B generations with `evaluator`, from a state already built (population
 * building is not timed).
 */
async function runMs(evaluator: Evaluator, generations: number): Promise<RunTimes> {
  const state = await warmState(2);
  const pool = evaluator instanceof WorkerPoolEvaluator ? evaluator : null;
  const w0 = (await pool?.workerCpuMs()) ?? [];
  const m0 = threadCpuMs() ?? 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await trainCipher({ config, seed: state.seed, state, generations: 2 + generations, evaluator });
  const wall = performance.now() - t0;
  const cpu = cpuMsSince(c0);
  const main = (threadCpuMs() ?? 0) - m0;
  const workers = (await pool?.workerCpuMs())?.map((ms, i) => ms - w0[i]!) ?? [];
  return {
    wall,
    cpu,
    criticalCpu: main + Math.max(0, ...workers),
    busiestThreadCpu: Math.max(main, ...workers),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Whole training runs in-thread, on 1 and on 2 worker threads, interleaved (ABCABC...) so that
 * changes in the machine's load hit every variant alike; medians of `repeats` after a warm-up run
 * each (workers started and warm, as the in-thread figures are).
 */
async function compareRuns(generations: number, repeats: number) {
  const variants = {
    local: localEvaluator(),
    one: new WorkerPoolEvaluator(1),
    two: new WorkerPoolEvaluator(2),
    threads2: computeThreadsEvaluator(2),
  };
  const keys = ['local', 'one', 'two', 'threads2'] as const;
  try {
    for (const k of keys) await runMs(variants[k], generations);
    const times: Record<(typeof keys)[number], RunTimes[]> = {
      local: [],
      one: [],
      two: [],
      threads2: [],
    };
    for (let r = 0; r < repeats; r++) {
      for (const k of keys) times[k].push(await runMs(variants[k], generations));
    }
    const pick = (k: (typeof keys)[number]): RunTimes => ({
      wall: median(times[k].map((t) => t.wall)),
      best: Math.min(...times[k].map((t) => t.wall)),
      cpu: median(times[k].map((t) => t.cpu)),
      criticalCpu: median(times[k].map((t) => t.criticalCpu)),
      busiestThreadCpu: median(times[k].map((t) => t.busiestThreadCpu)),
    });
    return {
      local: pick('local'),
      one: pick('one'),
      two: pick('two'),
      threads2: pick('threads2'),
      // Each repeat's in-thread run against its --threads 2 run: pairs close in time see alike
      // load.
      pairedSpeedup: median(times.local.map((t, r) => t.wall / times.threads2[r]!.wall)),
    };
  } finally {
    await Promise.all(keys.map((k) => variants[k].close()));
  }
}

/**
 * What two threads can do on this machine at best: A&B evaluations of the same genomes on one
 * worker, then on two workers at once (each its own stream of evaluations, nothing shared, the
 * calling thread only waiting), interleaved; the median of the paired throughput ratios. Virtual
 * machines often give less than 2 (shared physical cores, noisy neighbours).
 */
async function parallelCeiling(state: CipherTrainingState, evaluations: number, repeats: number) {
  const pools = [new WorkerPoolEvaluator(1), new WorkerPoolEvaluator(1)];
  let tick = 20_000;
  const stream = (pool: WorkerPoolEvaluator) => async () => {
    for (let i = 0; i < evaluations; i++) await pool.evaluatePairs(pairTask(state, tick++));
  };
  const timed = async (f: () => Promise<unknown>) => {
    const t0 = performance.now();
    await f();
    return performance.now() - t0;
  };
  try {
    await Promise.all(pools.map((p) => stream(p)()));
    const ratios: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const one = await timed(stream(pools[0]!));
      const both = await timed(() => Promise.all(pools.map((p) => stream(p)())));
      ratios.push((2 * one) / both);
    }
    return median(ratios);
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}

/**
 * `--threads 1` against `--threads 2` later in a run, where genomes have grown (about 32
 * connections per Alice at generation 300 against 20 early on): `ticks` ticks (generations of
 * any population) from the same state at A&B generation `from`, alternately on each, after one
 * untimed tick (which sends every genome); the median of the paired ratios.
 */
async function compareLaterRuns(from: number, ticks: number, repeats: number) {
  const base = createTrainingState(config, 1234);
  const local = localEvaluator();
  while (base.abGeneration < from && base.phase !== 'done') await runTick(base, local);
  const saved = JSON.stringify(stateToJson(base));
  const threads2 = computeThreadsEvaluator(2);
  const run = async (evaluator: Evaluator) => {
    const state = stateFromJson(JSON.parse(saved));
    await runTick(state, evaluator);
    const t0 = performance.now();
    for (let i = 0; i < ticks; i++) await runTick(state, evaluator);
    return (performance.now() - t0) / ticks;
  };
  try {
    await run(threads2);
    const one: number[] = [];
    const two: number[] = [];
    for (let r = 0; r < repeats; r++) {
      one.push(await run(local));
      two.push(await run(threads2));
    }
    return {
      generation: base.abGeneration,
      oneMs: median(one),
      twoMs: median(two),
      pairedSpeedup: median(one.map((t, r) => t / two[r]!)),
    };
  } finally {
    await threads2.close();
  }
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** The hackathon CPA settings (population 100, MaxSteps 300, 3-word payloads and keys), otp. */
const config = trainingConfigFromJson({
  keyRegime: 'otp',
  adversaryRequiresTraining: false,
  preTrainAB: true,
  testStreams: 10,
});

/** A state a few generations into training, so genomes have the shape training sees. */
async function warmState(generations: number): Promise<CipherTrainingState> {
  const state = createTrainingState(config, 1234);
  const ev = localEvaluator();
  while (state.abGeneration < generations) await runTick(state, ev);
  return state;
}

/** The pair evaluation of `state`'s populations on `tick`'s data (no test streams). */
function pairTask(state: CipherTrainingState, tick: number): PairGeneration {
  const steps = episodeSteps(config);
  return {
    seed: state.seed,
    tick,
    stream: drawStream(streamFor(state.seed, tick, StreamRole.Data), steps, 3, 3, 'otp'),
    alices: state.alices.cells.map((c) => c.module),
    bobs: state.bobs.cells.map((c) => c.module),
    eves: null,
    tests: null,
  };
}

/**
 * A coordinator whose worker answers every slice instantly with zeros: isolates the coordinator's
 * cost (genome updates, merging, evolution, bookkeeping).
 */
const nullEvaluator = new SliceCoordinator(1, async (_lane, _updates, slice) => {
  switch (slice.kind) {
    case 'eves':
      return { fitness: new Float64Array(slice.count) };
    case 'test':
      return { testPerfect: 0 };
    case 'pairs':
      return {
        fitness: new Float64Array(slice.count),
        decryption: new Float64Array(slice.count),
        perfectSteps: new Int32Array(slice.count),
        eveReward: new Float64Array(slice.count),
      };
    case 'agents':
      return agentResults(slice.count, slice.environment.detailBytes ?? 0);
  }
});

function copyPopulation(p: TrainingPopulation): TrainingPopulation {
  const copy = clonePopulation(p);
  copy.cells.forEach((c, i) => (c.fitness = (i * 7919) % 101));
  return copy;
}

/**
 * `tem bench bisuna-training`: network steps per second in an A&B training generation of the CPA
 * task (population 100, 300 steps, 3 words: 30,000 network steps), ms per evolution of 100 cells,
 * and whole runs with `--threads 2` (calling thread + 1 worker) against `--threads 1` (in-thread),
 * plus the worker-only pools (1 and 2 workers) for comparison. Reference (C++, one core): 463 k steps/s, 2.2 ms per evolution.
 */
export const bisunaTrainingBench: BenchSuite = {
  name: 'bisuna-training',
  summary: 'BiSUNA training: steps/s of a CPA A&B generation, ms per evolution, --threads 2 vs 1',
  async run({ quick, log }) {
    const runs = quick ? 3 : 15;
    const state = await warmState(quick ? 4 : 20);
    const steps = config.population * episodeSteps(config) * 2;
    const genome =
      state.alices.cells.reduce((s, c) => s + c.module.conns.length, 0) / config.population;
    log(
      `population ${config.population}, ${steps} network steps per generation, ~${genome.toFixed(0)} connections per Alice`,
    );

    let tick = 10_000;
    const local = localEvaluator();
    const evalMs = await medianMs(runs, () => local.evaluatePairs(pairTask(state, tick++)));
    const evalCpuMs = await medianMs(
      runs,
      () => local.evaluatePairs(pairTask(state, tick++)),
      'cpu',
    );
    log(`A&B evaluation, 1 thread: ${evalMs.toFixed(1)} ms wall, ${evalCpuMs.toFixed(1)} ms CPU`);

    const tickState = await warmState(quick ? 4 : 20);
    const ev = localEvaluator();
    const tickMs = await medianMs(runs, () => runTick(tickState, ev));
    const tickCpuMs = await medianMs(runs, () => runTick(tickState, ev), 'cpu');
    log(
      `whole A&B generation (evaluation, 10 test streams, evolution): ${tickMs.toFixed(1)} ms wall, ${tickCpuMs.toFixed(1)} ms CPU`,
    );
    // The coordinator's own part of a generation (encoding, evolution, bookkeeping), measured with
    // an evaluator that returns at once: the serial part when evaluation runs on workers.
    const serialCpuMs = await medianMs(runs, () => runTick(tickState, nullEvaluator), 'cpu');
    const serialFraction = serialCpuMs / tickCpuMs;

    const copies = Array.from({ length: runs + 1 }, () => copyPopulation(state.alices));
    let k = 0;
    const evolveMs = await medianMs(runs, () =>
      spectrumDiversityEvolve(copies[k++]!, streamFor(1, k, StreamRole.Evolve), config.mutation),
    );
    const cpuCopies = Array.from({ length: runs + 1 }, () => copyPopulation(state.alices));
    k = 0;
    const evolveCpuMs = await medianMs(
      runs,
      () =>
        spectrumDiversityEvolve(
          cpuCopies[k++]!,
          streamFor(2, k, StreamRole.Evolve),
          config.mutation,
        ),
      'cpu',
    );
    log(`evolution of 100 cells: ${evolveMs.toFixed(2)} ms`);

    const pools: Record<number, number> = {};
    for (const threads of [1, 2]) {
      const pool = new WorkerPoolEvaluator(threads);
      try {
        // Workers start cold (module load, then the JIT): warm them as the calling thread is.
        for (let i = 0; i < 20; i++) await pool.evaluatePairs(pairTask(state, tick++));
        pools[threads] = await medianMs(runs, () => pool.evaluatePairs(pairTask(state, tick++)));
      } finally {
        await pool.close();
      }
      log(`A&B evaluation, ${threads} worker thread(s): ${pools[threads]!.toFixed(1)} ms`);
    }
    const runGenerations = quick ? 6 : 60;
    const runRepeats = quick ? 1 : 9;
    const run = await compareRuns(runGenerations, runRepeats);
    const ceiling = await parallelCeiling(state, quick ? 4 : 20, quick ? 1 : 9);
    const later = await compareLaterRuns(quick ? 10 : 300, quick ? 4 : 40, quick ? 1 : 12);
    const run1 = run.one.wall;
    const run2 = run.two.wall;
    log(
      `${runGenerations}-generation run (median of ${runRepeats}): ${run.local.wall.toFixed(0)} ms in-thread, ${run1.toFixed(0)} ms on 1 worker, ${run2.toFixed(0)} ms on 2 (process CPU ${run.local.cpu.toFixed(0)}, ${run.one.cpu.toFixed(0)}, ${run.two.cpu.toFixed(0)} ms; main + busiest worker thread CPU ${run.local.criticalCpu.toFixed(0)}, ${run.one.criticalCpu.toFixed(0)}, ${run.two.criticalCpu.toFixed(0)} ms)`,
    );
    log(
      `--threads 1 vs --threads 2 (main thread + 1 worker): ${run.local.wall.toFixed(0)} vs ${run.threads2.wall.toFixed(0)} ms, ${(run.local.wall / run.threads2.wall).toFixed(2)}x; paired ${run.pairedSpeedup.toFixed(2)}x; best runs ${run.local.best!.toFixed(0)} vs ${run.threads2.best!.toFixed(0)} ms, ${(run.local.best! / run.threads2.best!).toFixed(2)}x (process CPU ${run.local.cpu.toFixed(0)} vs ${run.threads2.cpu.toFixed(0)} ms)`,
    );
    log(
      `from generation ${later.generation}: ${later.oneMs.toFixed(2)} ms per tick with --threads 1, ${later.twoMs.toFixed(2)} ms with --threads 2, paired ${later.pairedSpeedup.toFixed(2)}x`,
    );
    log(
      `this machine's ceiling: two independent evaluation threads do ${ceiling.toFixed(2)}x the work of one; --threads 2 reaches ${((run.pairedSpeedup / ceiling) * 100).toFixed(0)}% of it`,
    );
    return {
      population: config.population,
      networkStepsPerGeneration: steps,
      abEvaluationMs: round(evalMs),
      abEvaluationStepsPerSecond: Math.round((steps / evalMs) * 1000),
      abEvaluationCpuMs: round(evalCpuMs),
      abEvaluationStepsPerCpuSecond: Math.round((steps / evalCpuMs) * 1000),
      abGenerationMs: round(tickMs),
      abGenerationStepsPerSecond: Math.round((steps / tickMs) * 1000),
      abGenerationCpuMs: round(tickCpuMs),
      abGenerationStepsPerCpuSecond: Math.round((steps / tickCpuMs) * 1000),
      coordinatorCpuMs: round(serialCpuMs),
      serialFraction: round(serialFraction, 3),
      amdahlSpeedup2vs1: round(1 / (serialFraction + (1 - serialFraction) / 2)),
      evolutionMs: round(evolveMs, 3),
      evolutionCpuMs: round(evolveCpuMs, 3),
      workers1EvaluationMs: round(pools[1]!),
      workers2EvaluationMs: round(pools[2]!),
      workers1StepsPerSecond: Math.round((steps / pools[1]!) * 1000),
      workers2StepsPerSecond: Math.round((steps / pools[2]!) * 1000),
      speedup2vs1: round(pools[1]! / pools[2]!),
      runGenerations,
      run1WorkerMs: Math.round(run1),
      run2WorkersMs: Math.round(run2),
      runSpeedup2vs1: round(run1 / run2),
      runRepeats,
      // What the issue asks for: `tem train --threads 1` (in-thread) against `--threads 2` (the
      // main thread computes one slice, one worker thread the other).
      runThreads1Ms: Math.round(run.local.wall),
      runThreads2Ms: Math.round(run.threads2.wall),
      runThreadsSpeedup2vs1: round(run.local.wall / run.threads2.wall),
      runThreadsPairedSpeedup2vs1: round(run.pairedSpeedup),
      runThreadsBestSpeedup2vs1: round(run.local.best! / run.threads2.best!),
      laterGeneration: later.generation,
      laterThreads1MsPerTick: round(later.oneMs),
      laterThreads2MsPerTick: round(later.twoMs),
      laterThreadsPairedSpeedup2vs1: round(later.pairedSpeedup),
      // Two threads with nothing shared against one: the most any 2-thread run can get here.
      parallelCeiling2vs1: round(ceiling),
      runThreadsShareOfCeiling: round(run.pairedSpeedup / ceiling),
      runThreads2CpuMs: Math.round(run.threads2.cpu),
      // Busiest thread's CPU (Linux): the run's length on an idle machine less the hand-overs.
      runThreads2BusiestThreadCpuMs: Math.round(run.threads2.busiestThreadCpu),
      runThreadsCpuSpeedup2vs1: round(run.local.busiestThreadCpu / run.threads2.busiestThreadCpu),
      runInThreadMs: Math.round(run.local.wall),
      runInThreadCpuMs: Math.round(run.local.cpu),
      run1WorkerCpuMs: Math.round(run.one.cpu),
      run2WorkersCpuMs: Math.round(run.two.cpu),
      /** What a generation costs more on 1 worker than in-thread (wall, and process CPU). */
      workerPenaltyMsPerGeneration: round((run1 - run.local.wall) / runGenerations),
      workerPenaltyCpuMsPerGeneration: round((run.one.cpu - run.local.cpu) / runGenerations),
      // Per-thread CPU (Linux): the main thread's plus the busiest worker's, the run's length on
      // an idle machine less the hand-over latencies; unlike wall time, barely moved by load.
      runInThreadThreadCpuMs: Math.round(run.local.criticalCpu),
      run1WorkerCriticalCpuMs: Math.round(run.one.criticalCpu),
      run2WorkersCriticalCpuMs: Math.round(run.two.criticalCpu),
      runCpuSpeedup2vs1: round(run.one.criticalCpu / run.two.criticalCpu),
      workerPenaltyThreadCpuMsPerGeneration: round(
        (run.one.criticalCpu - run.local.criticalCpu) / runGenerations,
      ),
      loadAverage: round(loadavg()[0]!),
      reference: { stepsPerSecond: 463_000, evolutionMs: 2.2 },
    };
  },
};
