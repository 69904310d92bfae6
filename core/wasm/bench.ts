/**
 * CPU ns per network step of a training generation's A&B episodes (100 pairs, 150 steps, 3 words,
 * from a warm state), JavaScript kernel vs WebAssembly kernel, interleaved rounds, medians.
 * Run with `node --import tsx wasm/bench.ts [otp|short-key] [rounds]` from core/.
 */
import { compileGenome } from '../src/bisuna/kernels/compiled-genome.js';
import { NetworkKernel } from '../src/bisuna/kernels/network-kernel.js';
import type { CipherStream, KeyRegime } from '../src/bisuna/encryption/cipher-stream.js';
import { trainingConfigFromJson } from '../src/bisuna/training/config.js';
import { drawStream, PairEpisodeRunner } from '../src/bisuna/training/cpa-episode.js';
import { localEvaluator } from '../src/bisuna/training/evaluation/local-evaluator.js';
import { cipherInputWords, writeCipherInput } from '../src/bisuna/training/key-layout.js';
import { StreamRole, streamFor } from '../src/bisuna/training/random.js';
import { createTrainingState, runTick } from '../src/bisuna/training/trainer.js';
import type { RandomSource } from '../src/bisuna/format/genome.js';
import { runPairEpisodeWasm } from '../src/bisuna/wasm/wasm-kernel.js';

const regime = (process.argv[2] ?? 'otp') as KeyRegime;
const rounds = Number(process.argv[3] ?? 30);
const config = trainingConfigFromJson({
  keyRegime: regime,
  adversaryRequiresTraining: false,
  preTrainAB: true,
  testStreams: 10,
});
const state = createTrainingState(config, 1234);
const ev = localEvaluator();
while (state.abGeneration < 20) await runTick(state, ev);
const alices = state.alices.cells.map((c) => compileGenome(c.module));
const bobs = state.bobs.cells.map((c) => compileGenome(c.module));
const P = config.payloadWords;
const steps = config.steps / 2;
const stream = drawStream(streamFor(9, 9, StreamRole.Data), steps, P, config.keyWords, regime);
const networkSteps = alices.length * steps * 2;
const aSeq = new Uint16Array(steps * P);
const bSeq = new Uint16Array(steps * P);

/** PairEpisodeRunner.run's loop without Eve and rewards (the kernel's share of an episode). */
function jsEpisode(a: NetworkKernel, b: NetworkKernel, s: CipherStream, rng: RandomSource): void {
  const x = new Uint16Array(cipherInputWords(s.regime, P, s.keys.length));
  const ao = new Uint16Array(P);
  const bo = new Uint16Array(P);
  a.reset();
  b.reset();
  for (let t = 0; t < s.steps; t++) {
    writeCipherInput(s.regime, s.payloads, t * P, P, s.keys, t, x);
    a.step(x, ao, rng);
    aSeq.set(ao, t * P);
    writeCipherInput(s.regime, ao, 0, P, s.keys, t, x);
    b.step(x, bo, rng);
    bSeq.set(bo, t * P);
  }
}

const jsKernels = alices.map(
  (g, i) => [new NetworkKernel(g), new NetworkKernel(bobs[i]!)] as const,
);
const runner = new PairEpisodeRunner(steps, P);
const cases: Record<string, () => void> = {
  // Kernels already built (as evaluation's cache has them for unchanged genomes).
  js: () => jsKernels.forEach(([a, b], i) => jsEpisode(a, b, stream, streamFor(1, i))),
  // Kernels built per episode (as for every new child genome).
  'js+build': () =>
    alices.forEach((g, i) =>
      jsEpisode(new NetworkKernel(g), new NetworkKernel(bobs[i]!), stream, streamFor(1, i)),
    ),
  // The whole JS episode with its rewards (what evaluation runs per pair today), for scale.
  'run (JS)': () =>
    jsKernels.forEach(([a, b], i) => runner.run(a, b, null, stream, streamFor(1, i))),
  // The same without the end-of-episode bonus (word sets, NCC): its loop is what WASM replaces.
  'run, no bonus (JS)': () =>
    jsKernels.forEach(([a, b], i) => runner.run(a, b, null, stream, streamFor(1, i), false)),
  // Networks laid out into WebAssembly memory every episode.
  wasm: () =>
    alices.forEach((g, i) => runPairEpisodeWasm(g, bobs[i]!, stream, streamFor(1, i), aSeq, bSeq)),
};
const rngOnly = () => alices.forEach((_, i) => streamFor(1, i));

const samples: Record<string, number[]> = { rng: [] };
for (const k of Object.keys(cases)) samples[k] = [];
const cpu = (fn: () => void) => {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) * 1000;
};
for (let r = 0; r < rounds + 3; r++) {
  for (const [k, fn] of Object.entries(cases)) {
    const ns = cpu(fn);
    if (r >= 3) samples[k]!.push(ns);
  }
  const ns = cpu(rngOnly);
  if (r >= 3) samples.rng!.push(ns);
}
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `${regime}: ${alices.length} pairs x ${steps} steps x 2 = ${networkSteps} network steps, ` +
    `~${(alices.reduce((s, g) => s + g.neuronCount, 0) / alices.length).toFixed(1)} neurons, ` +
    `~${(alices.reduce((s, g) => s + g.connCount, 0) / alices.length).toFixed(1)} connections per Alice`,
);
for (const [k, xs] of Object.entries(samples)) {
  const m = median(xs);
  console.log(
    `${k.padEnd(19)} ${(m / 1e6).toFixed(2)} ms/generation  ${(m / networkSteps).toFixed(0)} ns/step`,
  );
}
