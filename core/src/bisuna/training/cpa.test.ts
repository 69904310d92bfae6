import { describe, expect, it } from 'vitest';
import { compileGenome } from '../kernels/compiled-genome.js';
import { NeuronType, OUT_INDEX, type Module } from '../format/genome.js';
import { Mt19937Random } from '../random/mt19937.js';
import { NetworkKernel } from '../kernels/network-kernel.js';
import { drawStream, PairEpisodeRunner, runEveEpisode, cipherTexts } from './cpa-episode.js';
import { keyWordAt } from '../encryption/cipher-stream.js';
import { adversaryReward, decryptionReward, diffSetReward, nccReward } from './cpa-rewards.js';
import { DEFAULT_MUTATION_RATES, interfaceModule } from './mutation.js';
import { KEYSTREAM_WARMUP_STEPS } from './key-layout.js';
import { addRotateModule, repeatingKeyModule } from './test-support/keystream-modules.js';
import { createPopulation } from './population.js';
import { ncc } from '../encryption/ncc.js';

/**
 * Output i = NOT input i (one plain connection per word): a pair of these decrypts exactly (under
 * otp Bob undoes Alice's NOT; under short-key both make the same keystream, NOT of the inputs).
 * `keyInputs` adds inputs that nothing reads.
 */
function notNetwork(words: number, keyInputs = 0): Module {
  const nIn = words + keyInputs;
  const m = interfaceModule(0, nIn, words);
  for (let i = 0; i < words; i++)
    m.conns.push({ fromNID: i, toNID: nIn + i, neuroMod: OUT_INDEX, weight: 65535 });
  return m;
}

/** Inputs past the first 3 of each regime's layout for 3-word payloads and keys (the counter). */
const keyInputs = (regime: 'otp' | 'short-key') => (regime === 'otp' ? 0 : 1);

const kernel = (m: Module) => new NetworkKernel(compileGenome(m));

describe('CPA rewards', () => {
  it('sums the decryption reward in full integers (the reference wraps it through a u16)', () => {
    expect(decryptionReward([0xffff, 0, 0], [0, 0xffff, 0xffff])).toBe(-720);
    expect(decryptionReward([1, 2, 3], [1, 2, 3])).toBe(450);
    expect(decryptionReward([1, 2, 3], [1, 2, 4])).toBe(75 + 75 - 15 * 3);
    expect(decryptionReward([9, 1, 2, 3], [1, 2, 3], 1, 3)).toBe(450);
    expect(decryptionReward([9, 1, 2, 3], [7, 1, 2, 4], 1, 3, 1)).toBe(75 + 75 - 15 * 3);
  });

  it("scores Eve's output by the side of its set bits", () => {
    expect(adversaryReward(0xff00, true)).toBe(130);
    expect(adversaryReward(0x00ff, false)).toBe(130);
    expect(adversaryReward(0x00ff, true)).toBe(-80);
    expect(adversaryReward(0x0f00, true)).toBe(40);
    expect(adversaryReward(0, true)).toBe(-10);
  });

  it('rewards uncorrelated ciphertext and exact decryption in nccReward', () => {
    expect(nccReward(0, 0, 1)).toBe(12500);
    expect(nccReward(0, 0, -1)).toBe(12500);
    expect(nccReward(0, 0.1, 1)).toBeCloseTo(12500 + 0.1 * 12500 * 0.9);
    expect(nccReward(0, 0.5, 0.3)).toBeCloseTo(-0.5 * 12500 - 12500 * 0.7);
    expect(nccReward(Number.NaN, 0, 1)).toBe(-10000);
  });

  it('diffSetReward penalises key words in the ciphertext and plaintext words Bob never produced', () => {
    const set = (...x: number[]) => new Set(x);
    expect(diffSetReward(set(1, 2), set(5, 6), set(5, 6), set(9))).toBe(25000);
    expect(diffSetReward(set(1, 9), set(5), set(5, 6, 7), set(9))).toBe(-125 - 125 - 250);
  });
});

describe('CPA episodes', () => {
  it('draws plaintexts then keys; otp keys every word, short-key repeats one key', () => {
    const otp = drawStream(new Mt19937Random(3), 4, 3, 3, 'otp');
    const rng = new Mt19937Random(3);
    const words = Array.from({ length: 24 }, () => rng.randU16(0, 65535));
    expect(Array.from(otp.payloads)).toEqual(words.slice(0, 12));
    expect(Array.from(otp.keys)).toEqual(words.slice(12));
    const short = drawStream(new Mt19937Random(3), 4, 3, 2, 'short-key');
    expect(short.keys).toHaveLength(2);
    expect([0, 1, 2, 3, 4, 5].map((i) => keyWordAt(short, Math.floor(i / 3), i % 3))).toEqual([
      short.keys[0],
      short.keys[1],
      short.keys[0],
      short.keys[1],
      short.keys[0],
      short.keys[1],
    ]);
  });

  it('a pair of NOT networks decrypts every step under both key regimes', () => {
    for (const regime of ['otp', 'short-key'] as const) {
      const stream = drawStream(new Mt19937Random(8), 50, 3, 3, regime);
      const r = new PairEpisodeRunner(50, 3).run(
        kernel(notNetwork(3, keyInputs(regime))),
        kernel(notNetwork(3, keyInputs(regime))),
        null,
        stream,
        new Mt19937Random(1),
      );
      expect(r.perfectSteps).toBe(50);
      expect(r.decryption).toBe(50 * 450);
      expect(r.eveReward).toBe(0);
      expect(r.fitness).toBeGreaterThan(r.decryption);
    }
  });

  it('with Eve, one step per plaintext: her reward is subtracted from the pair at every step', () => {
    const stream = drawStream(new Mt19937Random(8), 30, 3, 3, 'otp');
    const silentEve = kernel(interfaceModule(0, 9, 1));
    const runner = new PairEpisodeRunner(30, 3);
    const alone = runner.run(
      kernel(notNetwork(3)),
      kernel(notNetwork(3)),
      null,
      stream,
      new Mt19937Random(1),
    );
    const vsEve = runner.run(
      kernel(notNetwork(3)),
      kernel(notNetwork(3)),
      silentEve,
      stream,
      new Mt19937Random(1),
    );
    expect(vsEve.perfectSteps).toBe(30);
    expect(vsEve.eveReward).toBe(-10 * 30);
    expect(vsEve.fitness).toBe(alone.fitness + 10 * 30);
  });

  it('an episode is a function of its inputs: same stream and rng, same result, from a reset state', () => {
    const stream = drawStream(new Mt19937Random(2), 40, 3, 3, 'short-key');
    const m: Module = notNetwork(3, 3);
    m.neurons.push({ nID: 9, firingRate: 1, nType: NeuronType.Random });
    m.conns.push(
      { fromNID: 0, toNID: 9, neuroMod: OUT_INDEX, weight: 65535 },
      { fromNID: 9, toNID: 7, neuroMod: OUT_INDEX, weight: 255 },
    );
    const runner = new PairEpisodeRunner(40, 3);
    const a = kernel(m);
    const b = kernel(notNetwork(3, 3));
    const first = runner.run(a, b, null, stream, new Mt19937Random(5));
    const again = runner.run(a, b, null, stream, new Mt19937Random(5));
    expect(again).toEqual(first);
    expect(runner.run(a, b, null, stream, new Mt19937Random(6))).not.toEqual(first);
  });

  it('computes the otp fitness exactly as the reference formulas over Sets and three NCCs would', () => {
    const pop = createPopulation(
      new Mt19937Random(12),
      {
        inputs: 3,
        outputs: 3,
        populationSize: 12,
        noveltyMapSize: 3,
        initialMutations: 120,
        stepMutations: 1,
      },
      DEFAULT_MUTATION_RATES,
    );
    const stream = drawStream(new Mt19937Random(6), 60, 3, 3, 'otp');
    const runner = new PairEpisodeRunner(60, 3);
    for (let i = 0; i + 1 < pop.cells.length; i += 2) {
      const got = runner.run(
        kernel(pop.cells[i]!.module),
        kernel(pop.cells[i + 1]!.module),
        null,
        stream,
        new Mt19937Random(i),
      );
      // Independent recomputation with plain Sets and the reference ncc.
      const a = kernel(pop.cells[i]!.module);
      const b = kernel(pop.cells[i + 1]!.module);
      const rng = new Mt19937Random(i);
      const aSeq: number[] = [];
      const bSeq: number[] = [];
      const keys: number[] = [];
      let reward = 0;
      for (let t = 0; t < 60; t++) {
        const k = [0, 1, 2].map((j) => keyWordAt(stream, t, j));
        const p = Array.from(stream.payloads.subarray(t * 3, t * 3 + 3));
        const ao = new Uint16Array(3);
        const bo = new Uint16Array(3);
        a.step(
          p.map((x, j) => x ^ k[j]!),
          ao,
          rng,
        );
        b.step(
          Array.from(ao).map((x, j) => x ^ k[j]!),
          bo,
          rng,
        );
        aSeq.push(...ao);
        bSeq.push(...bo);
        keys.push(...k);
        reward += decryptionReward(p, bo);
      }
      const plain = Array.from(stream.payloads);
      const expected =
        reward +
        diffSetReward(new Set(aSeq), new Set(bSeq), new Set(plain), new Set(keys)) +
        nccReward(ncc(aSeq, bSeq), ncc(aSeq, plain), ncc(bSeq, plain));
      expect(got.fitness).toBe(expected);
      expect(got.decryption).toBe(reward);
    }
  });

  it('short-key: both networks step on the key and the counter from reset, the first steps dropped, their outputs XOR-ed into the data', () => {
    const pop = createPopulation(
      new Mt19937Random(13),
      {
        inputs: 4,
        outputs: 3,
        populationSize: 8,
        noveltyMapSize: 2,
        initialMutations: 120,
        stepMutations: 1,
      },
      DEFAULT_MUTATION_RATES,
    );
    const steps = 30;
    const stream = drawStream(new Mt19937Random(7), steps, 3, 3, 'short-key');
    const runner = new PairEpisodeRunner(steps, 3, 'js');
    for (let i = 0; i + 1 < pop.cells.length; i += 2) {
      const rng = new Mt19937Random(i);
      const got = runner.run(
        kernel(pop.cells[i]!.module),
        kernel(pop.cells[i + 1]!.module),
        null,
        stream,
        rng,
        false,
      );
      const a = kernel(pop.cells[i]!.module);
      const b = kernel(pop.cells[i + 1]!.module);
      const mine = new Mt19937Random(i);
      const ao = new Uint16Array(3);
      const bo = new Uint16Array(3);
      const cipher: number[] = [];
      let reward = 0;
      for (let s = 0; s < KEYSTREAM_WARMUP_STEPS + steps; s++) {
        const x = [...stream.keys, s];
        a.step(x, ao, mine);
        b.step(x, bo, mine);
        const t = s - KEYSTREAM_WARMUP_STEPS;
        if (t < 0) continue;
        const p = Array.from(stream.payloads.subarray(t * 3, t * 3 + 3));
        const c = p.map((w, j) => w ^ ao[j]!);
        cipher.push(...c);
        reward += decryptionReward(
          p,
          c.map((w, j) => w ^ bo[j]!),
        );
      }
      expect(Array.from(runner.sequences.cipher)).toEqual(cipher);
      expect(got.decryption).toBe(reward);
      expect(rng.randU16(0, 65535)).toBe(mine.randU16(0, 65535));
    }
  });

  it('short-key: a repeating key XORs the complemented key into every step', () => {
    const stream = drawStream(new Mt19937Random(5), 20, 3, 2, 'short-key');
    const c = cipherTexts(kernel(repeatingKeyModule(3, 2)), stream, new Mt19937Random(1));
    for (let i = 0; i < 60; i++) {
      expect(c[i]).toBe((stream.payloads[i]! ^ ~stream.keys[(i % 3) % 2]!) & 0xffff);
    }
  });

  it('short-key: a tied pair decrypts every step, whatever its keystream', () => {
    const stream = drawStream(new Mt19937Random(9), 50, 3, 3, 'short-key');
    for (const m of [repeatingKeyModule(3, 3), addRotateModule(3, 3)]) {
      const r = new PairEpisodeRunner(50, 3).run(
        kernel(m),
        kernel(m),
        null,
        stream,
        new Mt19937Random(1),
      );
      expect(r.perfectSteps).toBe(50);
    }
  });

  it("Eve's game: ciphertexts from a reset fixed Alice, plaintexts themselves without one", () => {
    const stream = drawStream(new Mt19937Random(4), 10, 3, 3, 'otp');
    expect(cipherTexts(null, stream, new Mt19937Random(1))).toEqual(stream.payloads);
    const c = cipherTexts(kernel(notNetwork(3)), stream, new Mt19937Random(1));
    for (let i = 0; i < 30; i++)
      expect(c[i]).toBe(~(stream.payloads[i]! ^ stream.keys[i]!) & 0xffff);
    const fit = runEveEpisode(
      kernel(interfaceModule(0, 9, 1)),
      stream.payloads,
      c,
      3,
      10,
      new Mt19937Random(1),
    );
    expect(fit).toBe(-100);
  });
});
