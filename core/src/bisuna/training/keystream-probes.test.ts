import { describe, expect, it } from 'vitest';
import { compileGenome } from '../kernels/compiled-genome.js';
import { NeuronType, OUT_INDEX } from '../format/genome.js';
import { Mt19937, Mt19937Random } from '../random/mt19937.js';
import { NetworkKernel } from '../kernels/network-kernel.js';
import { drawStream } from './cpa-episode.js';
import { KeystreamPairRunner, PROBE_REWARD, perfectDecryptionReward } from './keystream-episode.js';
import {
  addRotateModule,
  repeatingKeyModule,
  shortKeyInterface,
} from './test-support/keystream-modules.js';
import {
  PROBE_BASE_KEYS,
  probeKeyCount,
  probeKeys,
  probeScore,
  probeTerms,
  relationWindow,
} from './keystream-probes.js';
import { runKeystreams } from './keystream-runner.js';
import { heldOutProbe, meetsHeldOutTargets, passesKeyGate } from './keystream-schedule.js';
import { trainingConfigFromJson } from './config.js';

const plan = { keyWords: 3, bases: PROBE_BASE_KEYS };
const bases = Uint16Array.of(1, 2, 3, 0x1111, 0x2222, 0x3333, 0xabcd, 0x0f0f, 0xf0f0, 7, 77, 777);
const kernel = (m: Parameters<typeof compileGenome>[0]) => new NetworkKernel(compileGenome(m));

/** Probe keystreams made by `f(key, step)` for every probe key. */
function keystreams(steps: number, f: (key: Uint16Array, t: number, j: number) => number) {
  const keys = probeKeys(plan, bases);
  const n = probeKeyCount(plan);
  const out = new Uint16Array(n * steps * 3);
  for (let m = 0; m < n; m++) {
    const key = keys.subarray(m * 3, m * 3 + 3);
    for (let t = 0; t < steps; t++) {
      for (let j = 0; j < 3; j++) out[(m * steps + t) * 3 + j] = f(key, t, j);
    }
  }
  return out;
}

/** A keyed pseudo-random function of (key, step, lane): what an ideal keystream looks like. */
function prf(key: Uint16Array, t: number, j: number): number {
  const mt = new Mt19937((key[0]! * 65536 + key[1]!) ^ (key[2]! * 0x9e3779b1) ^ (t * 3 + j));
  return mt.next() & 0xffff;
}

describe('probeKeys', () => {
  it('lays out the bases, one key per flipped bit, then the affinity keys', () => {
    const keys = probeKeys(plan, bases);
    expect(probeKeyCount(plan)).toBe(4 + 48 + 2);
    expect(keys.subarray(0, 12)).toEqual(bases);
    // Bit 17 (word 1, bit 1) flipped on base key 17 mod 4 = 1.
    expect(Array.from(keys.subarray((4 + 17) * 3, (4 + 18) * 3))).toEqual([0x1111, 0x2220, 0x3333]);
    expect(Array.from(keys.subarray((4 + 48) * 3, (4 + 49) * 3))).toEqual([
      1 ^ 0x1111 ^ 0xabcd,
      2 ^ 0x2222 ^ 0x0f0f,
      3 ^ 0x3333 ^ 0xf0f0,
    ]);
  });
});

describe('probeTerms', () => {
  it('scores a pseudo-random keystream near 1 on every term', () => {
    const t = probeTerms(plan, keystreams(150, prf), 150, 3);
    for (const [name, v] of Object.entries(t)) expect(v, name).toBeGreaterThan(0.88);
    expect(t.linearity).toBe(1);
  });

  it('scores a keystream that ignores the key 0 on every key term', () => {
    const t = probeTerms(
      plan,
      keystreams(150, (_k, step, j) => prf(bases, step, j)),
      150,
      3,
    );
    expect(t).toMatchObject({ avalanche: 0, weakestBit: 0, keyIndependence: 0, wrongKey: 0 });
    expect(t.affinity).toBe(0); // every sum of four equal keystreams is zero
  });

  it('sees a repeated lane, a biased bit and a bit that alternates', () => {
    const same = probeTerms(
      plan,
      keystreams(150, (k, t, j) => prf(k, t, j === 2 ? 0 : j)),
      150,
      3,
    );
    expect(same.linearity).toBeCloseTo(1 - 32 / 48); // lane 2 = lane 0 in both steps of a window
    const biased = probeTerms(
      plan,
      keystreams(150, (k, t, j) => prf(k, t, j) | 0x7),
      150,
      3,
    );
    expect(biased.balance).toBeLessThan(0.8);
    const alternating = probeTerms(
      plan,
      keystreams(150, (k, t, j) => (prf(k, t, j) & ~1) | (t & 1)),
      150,
      3,
    );
    expect(alternating.serial).toBeLessThan(0.9);
    expect(alternating.balance).toBeGreaterThan(0.9);
  });

  it('reads windows of as many steps as leave a margin over the unknowns', () => {
    expect(relationWindow(150, 3)).toBe(2);
    expect(relationWindow(1024, 3)).toBe(3);
    expect(relationWindow(40, 3)).toBe(1);
  });
});

describe('runKeystreams', () => {
  it('runs every key from reset after the warm-up, the same on both engines', () => {
    const net = kernel(addRotateModule(3, 3));
    const keys = probeKeys(plan, bases);
    const n = probeKeyCount(plan);
    const wasm = new Uint16Array(n * 40 * 3);
    const js = new Uint16Array(n * 40 * 3);
    runKeystreams(net, keys, 3, 40, 3, new Mt19937Random(1), wasm, 'wasm');
    runKeystreams(net, keys, 3, 40, 3, new Mt19937Random(1), js, 'js');
    expect(wasm).toEqual(js);
    // A repeating key's keystream is the complemented key, every step.
    const rep = new Uint16Array(n * 40 * 3);
    runKeystreams(
      kernel(repeatingKeyModule(3, 3)),
      keys,
      3,
      40,
      3,
      new Mt19937Random(1),
      rep,
      'js',
    );
    expect(Array.from(rep.subarray(0, 3))).toEqual([~1 & 0xffff, ~2 & 0xffff, ~3 & 0xffff]);
  });

  it('draws for Random neurons key after key in the same order on both engines', () => {
    const m = shortKeyInterface(3, 3);
    m.neurons.push({ nID: 7, firingRate: 1, nType: NeuronType.Random });
    m.conns.push(
      { fromNID: 0, toNID: 7, neuroMod: OUT_INDEX, weight: 0xffff },
      { fromNID: 7, toNID: 4, neuroMod: OUT_INDEX, weight: 0xffff },
    );
    const keys = probeKeys(plan, bases);
    const a = new Mt19937Random(9);
    const b = new Mt19937Random(9);
    const wasm = new Uint16Array(probeKeyCount(plan) * 20 * 3);
    const js = new Uint16Array(wasm.length);
    runKeystreams(kernel(m), keys, 3, 20, 3, a, wasm, 'wasm');
    runKeystreams(kernel(m), keys, 3, 20, 3, b, js, 'js');
    expect(wasm).toEqual(js);
    expect(a.randU16(0, 65535)).toBe(b.randU16(0, 65535));
  });
});

describe('KeystreamPairRunner', () => {
  it('adds the probe reward only for a pair that decrypts every step', () => {
    const stream = {
      ...drawStream(new Mt19937Random(3), 60, 3, 3, 'short-key'),
      probes: bases,
    };
    const runner = new KeystreamPairRunner(60, 3);
    const m = addRotateModule(3, 3);
    const tied = runner.run(kernel(m), kernel(m), null, stream, new Mt19937Random(1));
    expect(tied.perfectSteps).toBe(60);
    expect(runner.lastTerms).not.toBeNull();
    expect(tied.fitness).toBeCloseTo(
      perfectDecryptionReward(60, 3) + PROBE_REWARD * probeScore(runner.lastTerms!),
    );
    // Bob with another keystream decrypts nothing: no probe.
    const wrong = runner.run(
      kernel(m),
      kernel(repeatingKeyModule(3, 3)),
      null,
      stream,
      new Mt19937Random(1),
    );
    expect(wrong.perfectSteps).toBe(0);
    expect(runner.lastTerms).toBeNull();
    expect(wrong.fitness).toBe(wrong.decryption);
  });
});

describe('the held-out probe', () => {
  it('tells a tiny add-rotate (linear relations) from the key gate it passes, and needs every target', () => {
    const config = trainingConfigFromJson({});
    const t = heldOutProbe(config, 1, 0, addRotateModule(3, 3));
    expect(passesKeyGate(t)).toBe(true);
    expect(t.linearity).toBeLessThan(1);
    expect(meetsHeldOutTargets(t)).toBe(false);
    expect(passesKeyGate(heldOutProbe(config, 1, 0, repeatingKeyModule(3, 3)))).toBe(false);
  });
});
