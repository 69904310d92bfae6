import { loadavg } from 'node:os';
import {
  Mt19937Random,
  bytesToWordsLE,
  drawPassword,
  encryptStreamsInLanes,
  encryptWithAgents,
  readPopulation,
  type EncryptionEngine,
} from '@tem/core/bisuna';
import { isWasmKernelAvailable } from '@tem/core/bisuna/wasm';
import { readSharedData } from './shared-data.js';
import type { BenchSuite } from './suite.js';

/** What {@link measureStepsPerSecond} reports. */
export interface StepRate {
  /** Network steps per wall-clock second. */
  stepsPerSecond: number;
  /** Network steps per second of this process's CPU time (less sensitive to a busy machine). */
  cpuStepsPerSecond: number;
  ms: number;
}

/**
 * Runs `fn` (which performs `steps` network steps) once and reports steps per second, by wall
 * clock and by CPU time. Reusable by other BiSUNA figures (e.g. a training generation).
 *
 * @example
 * const rate = await measureStepsPerSecond(30_000, () => runGeneration());
 */
export async function measureStepsPerSecond(steps: number, fn: () => unknown): Promise<StepRate> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    stepsPerSecond: Math.round((steps / ms) * 1000),
    cpuStepsPerSecond: Math.round((steps / Math.max(cpuMs, 1e-3)) * 1000),
    ms: Math.round(ms),
  };
}

/** Reference (C++, g++ -O3, one core) encrypting U1 e.bin with all 100 agents. */
const REFERENCE_STEPS_PER_SECOND = 205_000;

/**
 * `tem bench bisuna`: inference network steps per second encrypting U1's e.bin with all 100
 * agent pairs (the reference's ExtraEncDec, RNG replayed) on the default engine (WebAssembly where
 * it runs) and on the JavaScript kernel, the literal reference-port step for comparison, and the
 * bit-parallel lane kernel (128 streams of one pair at once).
 */
export const bisunaBench: BenchSuite = {
  name: 'bisuna',
  summary: 'BiSUNA inference: steps/s encrypting e.bin with 100 agents, reference port, lanes',
  async run({ quick, log }) {
    const read = (p: string) => readSharedData(`bisuna/${p}`);
    const alice = readPopulation(await read('U1/alicesCPAbisuna.dat'));
    const bob = readPopulation(await read('U1/bobsCPAbisuna.dat'));
    const full = bytesToWordsLE(await read('inputs/e.bin'));
    const plain = quick ? full.subarray(0, 6000) : full;
    const agents = quick ? 20 : 100;
    const chunk = alice.config.actions;
    const stepsPerAgent = 2 * Math.ceil(plain.length / chunk);

    const replay = () => {
      const rng = new Mt19937Random(1605172632, 'libc++');
      rng.discard(719);
      return { rng, key: drawPassword(rng, plain.length) };
    };

    const runs = quick ? 1 : 3;
    const wanted = Array.from({ length: agents }, (_, i) => i);
    const engine = isWasmKernelAvailable() ? 'wasm' : 'compiled';
    const inferenceRate = async (engine: EncryptionEngine): Promise<StepRate> => {
      log(`${engine} engine: ${agents} agents x ${stepsPerAgent} steps, median of ${runs} runs`);
      const rates: StepRate[] = [];
      for (let run = 0; run < runs; run++) {
        const { rng, key } = replay();
        rates.push(
          await measureStepsPerSecond(agents * stepsPerAgent, () => {
            for (const r of encryptWithAgents({
              alice,
              bob,
              plain,
              key,
              rng,
              agents: wanted,
              engine,
            })) {
              void r;
            }
          }),
        );
      }
      return medianRate(rates);
    };
    const compiled = await inferenceRate(engine);
    const jsKernel = engine === 'compiled' ? compiled : await inferenceRate('compiled');

    const refAgents = quick ? 1 : 3;
    log(`reference-port step: ${refAgents} agents`);
    const ref = replay();
    const referencePort = await measureStepsPerSecond(refAgents * stepsPerAgent, () => {
      for (const r of encryptWithAgents({
        alice,
        bob,
        plain,
        key: ref.key,
        rng: ref.rng,
        agents: Array.from({ length: refAgents }, (_, i) => i),
        engine: 'reference',
      })) {
        void r;
      }
    });

    const lanes = quick ? 64 : 128;
    const laneWords = quick ? 600 : 3000;
    const laneAgents = quick ? 5 : 20;
    log(`lane kernel: ${laneAgents} agents x ${lanes} streams of ${laneWords} words`);
    const mt = new Mt19937Random(7);
    const words = () => Uint16Array.from({ length: laneWords }, () => mt.randU16(0, 65535));
    const plains = Array.from({ length: lanes }, words);
    const keys = Array.from({ length: lanes }, words);
    const laneSteps = laneAgents * lanes * 2 * Math.ceil(laneWords / chunk);
    const laneRate = await measureStepsPerSecond(laneSteps, () => {
      for (let a = 0; a < laneAgents; a++) {
        const rngs = plains.map((_, e) => new Mt19937Random(e));
        encryptStreamsInLanes(alice.cells[a]!, bob.cells[a]!, plains, keys, rngs);
      }
    });
    log(`same streams one by one with the scalar kernel`);
    const scalarOnSame = await measureStepsPerSecond(
      laneAgents * 8 * 2 * Math.ceil(laneWords / chunk),
      () => {
        for (let a = 0; a < laneAgents; a++) {
          for (let e = 0; e < 8; e++) {
            const one = encryptWithAgents({
              alice,
              bob,
              plain: plains[e]!,
              key: keys[e]!,
              rng: new Mt19937Random(e),
              agents: [a],
              engine: 'compiled',
            });
            for (const r of one) void r;
          }
        }
      },
    );

    return {
      // Wall-clock rates drop on a busy machine; the CPU-time rates much less so.
      loadAverage1m: round(loadavg()[0]!),
      inference: {
        case: `U1 e.bin, ${agents} agents, ${plain.length} words, median of ${runs} runs`,
        engine,
        steps: agents * stepsPerAgent,
        ...compiled,
        referenceCppStepsPerSecond: REFERENCE_STEPS_PER_SECOND,
        speedupVsReferenceCpp: round(compiled.stepsPerSecond / REFERENCE_STEPS_PER_SECOND),
        cpuSpeedupVsReferenceCpp: round(compiled.cpuStepsPerSecond / REFERENCE_STEPS_PER_SECOND),
        jsKernel: {
          ...jsKernel,
          speedupVsReferenceCpp: round(jsKernel.stepsPerSecond / REFERENCE_STEPS_PER_SECOND),
        },
      },
      referencePort: { agents: refAgents, ...referencePort },
      lanes: {
        case: `${laneAgents} agents x ${lanes} streams of ${laneWords} words`,
        lanes,
        steps: laneSteps,
        ...laneRate,
        scalarOnSameStreams: scalarOnSame,
      },
    };
  },
};

const round = (x: number) => Math.round(x * 100) / 100;

/** Per field median of several runs (a shared machine makes single runs noisy). */
function medianRate(runs: StepRate[]): StepRate {
  const median = (pick: (r: StepRate) => number) => {
    const xs = runs.map(pick).sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)]!;
  };
  return {
    stepsPerSecond: median((r) => r.stepsPerSecond),
    cpuStepsPerSecond: median((r) => r.cpuStepsPerSecond),
    ms: median((r) => r.ms),
  };
}
