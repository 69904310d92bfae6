import { describe, expect, it } from 'vitest';
import { compileGenome, type CompiledGenome } from '../kernels/compiled-genome.js';
import { NeuronType, OUT_INDEX, type Module } from '../format/genome.js';
import { Mt19937Random } from '../random/mt19937.js';
import { NetworkKernel } from '../kernels/network-kernel.js';
import { randomGenome } from '../test-support/random-genome.js';
import type { CipherStream, KeyRegime } from '../encryption/cipher-stream.js';
import { trainingConfigFromJson } from '../training/config.js';
import { drawStream, PairEpisodeRunner, runEveEpisode } from '../training/cpa-episode.js';
import { localEvaluator } from '../training/evaluation/local-evaluator.js';
import { StreamRole, streamFor } from '../training/random.js';
import { createTrainingState, runTick } from '../training/trainer.js';
import {
  decryptsEveryStepWasm,
  isWasmKernelAvailable,
  runCasesWasm,
  runEveEpisodeWasm,
  runPairEpisodeWasm,
  WasmKernelError,
} from './wasm-kernel.js';

/** Runs one episode both ways from equal RNGs and expects equal outputs, rewards and RNG state. */
function compareEpisode(
  alice: CompiledGenome,
  bob: CompiledGenome,
  eve: CompiledGenome | null,
  stream: CipherStream,
  rngSeed: number,
): void {
  const P = stream.payloadWords;
  const a = new NetworkKernel(alice);
  const b = new NetworkKernel(bob);
  const e = eve ? new NetworkKernel(eve) : null;
  const jsRng = new Mt19937Random(rngSeed, 'libc++');
  const runner = new PairEpisodeRunner(stream.steps, P, 'js');
  const js = runner.run(a, b, e, stream, jsRng, false);

  const aSeq = new Uint16Array(stream.steps * P);
  const bSeq = new Uint16Array(stream.steps * P);
  const wasmRng = new Mt19937Random(rngSeed, 'libc++');
  const eveReward = runPairEpisodeWasm(alice, bob, stream, wasmRng, aSeq, bSeq, eve);

  expect(aSeq).toEqual(runner.sequences.cipher);
  expect(bSeq).toEqual(runner.sequences.decrypted);
  expect(eveReward).toBe(js.eveReward);
  // Same number of draws: the streams continue identically.
  expect(wasmRng.randU16(0, 65535)).toBe(jsRng.randU16(0, 65535));
  expect(wasmRng.randU16(0, 65535)).toBe(jsRng.randU16(0, 65535));
}

/** One Eve episode both ways from equal RNGs: equal fitness and RNG state. */
function compareEveEpisode(eve: CompiledGenome, P: number, steps: number, seed: number): void {
  const data = drawStream(streamFor(seed, 3), steps, P, P, 'otp');
  const ciphers = data.keys;
  const jsRng = new Mt19937Random(seed, 'libc++');
  const wasmRng = new Mt19937Random(seed, 'libc++');
  const js = runEveEpisode(new NetworkKernel(eve), data.payloads, ciphers, P, steps, jsRng, 'js');
  expect(runEveEpisodeWasm(eve, data.payloads, ciphers, P, steps, wasmRng)).toBe(js);
  expect(wasmRng.randU16(0, 65535)).toBe(jsRng.randU16(0, 65535));
}

/** The held-out test both ways from equal RNGs: equal answer and RNG state. */
function compareTest(
  alice: CompiledGenome,
  bob: CompiledGenome,
  stream: CipherStream,
  seed: number,
) {
  const jsRng = new Mt19937Random(seed, 'libc++');
  const wasmRng = new Mt19937Random(seed, 'libc++');
  const runner = new PairEpisodeRunner(stream.steps, stream.payloadWords, 'js');
  const js = runner.decryptsEveryStep(
    new NetworkKernel(alice),
    new NetworkKernel(bob),
    stream,
    jsRng,
  );
  expect(decryptsEveryStepWasm(alice, bob, stream, wasmRng)).toBe(js);
  expect(wasmRng.randU16(0, 65535)).toBe(jsRng.randU16(0, 65535));
  return js;
}

/**
 * P inputs wired to P outputs (firing rate 1, so each outputs the complement of its input), plus
 * a Random neuron feeding nothing that draws every step: under otp, such an Alice and Bob decrypt
 * every step.
 */
function complementer(P: number): Module {
  const neurons = [
    ...Array.from({ length: P }, (_, i) => ({ nID: i, firingRate: 1, nType: NeuronType.Input })),
    ...Array.from({ length: P }, (_, i) => ({
      nID: P + i,
      firingRate: 1,
      nType: NeuronType.Output,
    })),
    { nID: 2 * P, firingRate: 1, nType: NeuronType.Random },
  ];
  const conns = [
    ...Array.from({ length: P }, (_, i) => ({
      fromNID: i,
      toNID: P + i,
      neuroMod: OUT_INDEX,
      weight: 0xffff,
    })),
    { fromNID: 0, toNID: 2 * P, neuroMod: OUT_INDEX, weight: 1 },
  ];
  return { params: { networkID: 0, nInputs: P, nOutputs: P }, neurons, conns };
}

function typesOf(modules: Module[]): Set<number> {
  return new Set(modules.flatMap((m) => m.neurons.map((n) => n.nType)));
}

describe('runPairEpisodeWasm', () => {
  it('is available in Node', () => {
    expect(isWasmKernelAvailable()).toBe(true);
  });

  for (const regime of ['otp', 'short-key'] as KeyRegime[]) {
    it(`equals the JavaScript kernel on evolved training populations, with and without Eve (${regime})`, async () => {
      const config = trainingConfigFromJson({
        keyRegime: regime,
        adversaryRequiresTraining: false,
        preTrainAB: true,
        testStreams: 2,
      });
      const state = createTrainingState(config, 77);
      const ev = localEvaluator();
      const seen: Module[] = [];
      let modulated = 0;
      for (let gen = 0; gen <= 24; gen++) {
        if (gen % 8 === 0) {
          const stream = drawStream(
            streamFor(5, gen, StreamRole.Data),
            config.steps / 2,
            config.payloadWords,
            config.keyWords,
            regime,
          );
          state.alices.cells.forEach((cell, i) => {
            const bob = state.bobs.cells[i]!.module;
            seen.push(cell.module, bob);
            modulated += cell.module.conns.filter((c) => c.neuroMod !== 65535).length;
            // Every other pair with its Eve (her coin, decoys and step inside the episode).
            const eve = i % 2 ? compileGenome(state.eves.cells[i]!.module) : null;
            if (eve) compareEveEpisode(eve, config.payloadWords, 40, gen * 1000 + i);
            compareEpisode(
              compileGenome(cell.module),
              compileGenome(bob),
              eve,
              stream,
              gen * 1000 + i,
            );
          });
        }
        await runTick(state, ev);
      }
      const types = typesOf(seen);
      for (const t of [NeuronType.Random, NeuronType.Control, NeuronType.ControlPrimer]) {
        expect(types.has(t)).toBe(true);
      }
      expect(modulated).toBeGreaterThan(0);
    }, 120_000);
  }

  it('equals the JavaScript kernel on random genomes of arbitrary structure, with and without Eve', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const favour = [undefined, NeuronType.Random, NeuronType.Control][seed % 3];
      const alice = compileGenome(randomGenome(seed, { favour, maxHidden: 12 }));
      const bob = compileGenome(randomGenome(seed + 10_000, { favour, maxHidden: 12 }));
      const P = Math.min(alice.nOutputs, bob.nOutputs);
      const regime: KeyRegime = seed % 2 ? 'otp' : 'short-key';
      const keyWords = regime === 'otp' ? P : 1 + (seed % 4);
      const stream = drawStream(streamFor(seed, 1), 40, P, keyWords, regime);
      const eve = seed % 3 ? null : compileGenome(randomGenome(seed + 20_000, { maxHidden: 12 }));
      compareEpisode(alice, bob, eve, stream, seed);
      if (eve) compareEveEpisode(eve, P, 30, seed);
    }
  });

  it('decryptsEveryStepWasm equals the held-out test, perfect pairs and early stops alike', () => {
    const perfect = compileGenome(complementer(3));
    let passed = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const stream = drawStream(streamFor(seed, 4), 60, 3, 3, 'otp');
      const other = compileGenome(randomGenome(seed, { maxHidden: 8 }));
      const bob = seed % 4 === 0 || other.nOutputs < 3 ? perfect : other;
      if (compareTest(perfect, bob, stream, seed)) passed++;
    }
    expect(passed).toBeGreaterThan(20);
    expect(passed).toBeLessThan(100);
  });

  it('runCasesWasm equals the JavaScript loop of reset, steps and output, case after case', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const favour = [undefined, NeuronType.Random, NeuronType.Control][seed % 3];
      const g = compileGenome(randomGenome(seed, { favour, maxHidden: 12 }));
      const cases = 1 + (seed % 40);
      const steps = 1 + (seed % 4);
      const inputs = new Uint16Array(cases * g.nInputs);
      const draw = streamFor(seed, 5);
      for (let i = 0; i < inputs.length; i++) inputs[i] = draw.randU16(0, seed % 2 ? 1 : 65535);
      const kernel = new NetworkKernel(g);
      const rngJs = new Mt19937Random(seed);
      const want = new Uint16Array(cases);
      const out = new Uint16Array(Math.max(1, g.nOutputs));
      for (let c = 0; c < cases; c++) {
        kernel.reset();
        const x = inputs.subarray(c * g.nInputs, (c + 1) * g.nInputs);
        for (let s = 0; s < steps; s++) kernel.step(x, out, rngJs);
        want[c] = out[0]!;
      }
      const rngWasm = new Mt19937Random(seed);
      const got = new Uint16Array(cases);
      runCasesWasm(g, inputs, steps, rngWasm, got);
      expect(got).toEqual(want);
      expect(rngWasm.randU16(0, 65535)).toBe(rngJs.randU16(0, 65535));
    }
  });

  it('rejects networks with fewer outputs than payload words', () => {
    const g = compileGenome(randomGenome(3, { maxOutputs: 1 }));
    const stream = drawStream(streamFor(1, 2), 4, g.nOutputs + 1, g.nOutputs + 1, 'otp');
    const seq = new Uint16Array(4 * (g.nOutputs + 1));
    expect(() => runPairEpisodeWasm(g, g, stream, streamFor(1), seq, seq)).toThrow(WasmKernelError);
  });
});
