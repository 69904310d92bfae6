import {
  NeuronType,
  OUT_INDEX,
  createNetworkState,
  writePopulation,
  type Module,
} from '@tem/core/bisuna';
import { isWasmKernelAvailable } from '@tem/core/bisuna/wasm';
import { sampleKeystreamPair, scoreSubmission, type ScoreInput } from '@tem/core/scoring';
import { defaultTaskSpec, type ResultManifest } from '@tem/core/task';
import { readSharedData, SharedDataError } from './shared-data.js';
import type { BenchSuite } from './suite.js';

const SEED = `0x${'c3'.repeat(32)}`;
/** U1 pair 0: a trained reference pair that decrypts perfectly (spec §14: enc = NOT(plain XOR key), dec = plain). */
const PAIR = 0;

const ms = (t: number) => Math.round(t * 10) / 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function manifest(pair: number): ResultManifest {
  return {
    schema: 'tem/result-bundle',
    version: 1,
    taskId: '1',
    specCid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
    pair: { alice: pair, bob: pair },
    training: { seed: '0', generations: 0, seconds: 0, bestFitness: 0, runner: 'bench' },
    history: [],
  };
}

/** A `.dat` with one network copying its 3 inputs to its outputs (out = NOT in, spec §4.1). */
function copyNetworkDat(): Uint8Array {
  const neurons = [0, 1, 2, 3, 4, 5].map((i) => ({
    nID: i,
    firingRate: 1,
    nType: i < 3 ? NeuronType.Input : NeuronType.Output,
  }));
  const conns = [0, 1, 2].map((i) => ({
    fromNID: i,
    toNID: 3 + i,
    neuroMod: OUT_INDEX,
    weight: 0xffff,
  }));
  const module = { params: { networkID: 0, nInputs: 3, nOutputs: 3 }, neurons, conns };
  return writePopulation({
    config: { obs: 3, actions: 3, population: 1, stepMuts: 5, generation: 0, steps: 0, mapSize: 1 },
    noveltyMap: { popSize: 1, lastIdx: { ciDist: 0, ciIndex: 0 }, spectra: [0n] },
    cells: [{ module, state: createNetworkState(module), fitness: 0, cellStep: 0 }],
  });
}

/** A one-agent `.dat` of `module`. */
function datOf(module: Module): Uint8Array {
  return writePopulation({
    config: {
      obs: module.params.nInputs,
      actions: module.params.nOutputs,
      population: 1,
      stepMuts: 5,
      generation: 0,
      steps: 0,
      mapSize: 1,
    },
    noveltyMap: { popSize: 1, lastIdx: { ciDist: 0, ciIndex: 0 }, spectra: [0n] },
    cells: [{ module, state: createNetworkState(module), fitness: 0, cellStep: 0 }],
  });
}

/** U1's populations (pair 0), or a hand-built copy pair when the shared data is absent. */
async function agents(): Promise<{
  alice: Uint8Array;
  bob: Uint8Array;
  pair: number;
  source: string;
}> {
  try {
    const [alice, bob] = await Promise.all([
      readSharedData('bisuna/U1/alicesCPAbisuna.dat'),
      readSharedData('bisuna/U1/bobsCPAbisuna.dat'),
    ]);
    return { alice, bob, pair: PAIR, source: `U1 pair ${PAIR}` };
  } catch (error) {
    if (!(error instanceof SharedDataError)) throw error;
    const dat = copyNetworkDat();
    return { alice: dat, bob: dat, pair: 0, source: `copy networks (${error.message})` };
  }
}

/** One scoring run, timing each stage from the progress callbacks. */
async function timedScore(input: Omit<ScoreInput, 'onProgress'>) {
  const stages: Record<string, number> = {};
  const stagesCpu: Record<string, number> = {};
  let cpuMark = process.cpuUsage();
  let last = 'start';
  let mark = performance.now();
  const start = mark;
  const cpu0 = process.cpuUsage();
  const report = await scoreSubmission({
    ...input,
    onProgress: ({ stage }) => {
      const now = performance.now();
      stages[last] = (stages[last] ?? 0) + now - mark;
      const cpuNow = process.cpuUsage();
      stagesCpu[last] =
        (stagesCpu[last] ?? 0) +
        (cpuNow.user - cpuMark.user + cpuNow.system - cpuMark.system) / 1000;
      cpuMark = cpuNow;
      last = stage;
      mark = now;
    },
  });
  const total = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  for (const s of [stages, stagesCpu]) {
    delete s.start;
    delete s.score;
  }
  return { report, total, cpuMs: (cpu.user + cpu.system) / 1000, stages, stagesCpu };
}

/** `tem bench scoring`: time to score one submission with the default spec, on one core. */
export const scoringBench: BenchSuite = {
  name: 'scoring',
  summary:
    'score one submission with the default task spec (a trained short-key pair; U1 pair 0 under otp): total and per-stage ms',
  async run({ quick, log }) {
    const { alice, bob, pair, source } = await agents();
    // scoreSubmission's default: Alice, Bob and Eve run on WebAssembly where it runs.
    const engine = isWasmKernelAvailable() ? 'wasm' : 'js';
    log(`agents: core's trained sample pair (short-key), ${source} (otp); ${engine} engine`);
    const sample = sampleKeystreamPair();
    const results: Record<string, unknown> = {};
    for (const regime of ['short-key', 'otp'] as const) {
      const spec = defaultTaskSpec({
        verifierUrl: 'http://127.0.0.1:1/verify',
        verifierAddress: `0x${'11'.repeat(20)}`,
        training: { keyRegime: regime },
      });
      // U1 agents are otp networks (P inputs); short-key networks are keystream generators.
      const shortKey = regime === 'short-key';
      const input = {
        spec,
        manifest: manifest(shortKey ? 0 : pair),
        alice: shortKey ? datOf(sample.alice) : alice,
        bob: shortKey ? datOf(sample.bob) : bob,
        testSeed: SEED,
        testFiles: new Map<string, Uint8Array>(),
      };
      const runs = quick ? 2 : 5;
      const cold = await timedScore(input);
      log(`${regime}: cold run ${ms(cold.total)} ms, score ${cold.report.score}`);
      const totals: number[] = [];
      const cpus: number[] = [];
      const perStage: Record<string, number[]> = {};
      const perStageCpu: Record<string, number[]> = {};
      for (let i = 0; i < runs; i++) {
        const r = await timedScore(input);
        totals.push(r.total);
        cpus.push(r.cpuMs);
        for (const [k, v] of Object.entries(r.stages)) (perStage[k] ??= []).push(v);
        for (const [k, v] of Object.entries(r.stagesCpu)) (perStageCpu[k] ??= []).push(v);
      }
      results[regime] = {
        coldMs: ms(cold.total),
        coldCpuMs: ms(cold.cpuMs),
        medianMs: ms(median(totals)),
        medianCpuMs: ms(median(cpus)),
        runs,
        stagesMs: Object.fromEntries(Object.entries(perStage).map(([k, v]) => [k, ms(median(v))])),
        stagesCpuMs: Object.fromEntries(
          Object.entries(perStageCpu).map(([k, v]) => [k, ms(median(v))]),
        ),
        score: cold.report.score.toString(),
        streams: cold.report.terms.streams,
        plaintextBits: cold.report.terms.plaintextBits,
        eveTrials: cold.report.terms.eveTrials,
      };
      log(`${regime}: median of ${runs} runs ${ms(median(totals))} ms`);
    }
    return {
      agents: { 'short-key': 'sampleKeystreamPair', otp: source },
      engine,
      budgetMs: 2000,
      ...results,
    };
  },
};
