import { describe, expect, it } from 'vitest';
import { BundleError } from './errors.js';
import { scoreCipherPair, scoreSubmission, smoothLength } from './score.js';
import { kernelStepper, networkCipherPair } from './network-cipher.js';
import { parseTestSeed } from './seed.js';
import {
  SEED,
  copyModule,
  datOf,
  idealKeystreamPair,
  keyAdderModule,
  manifestFor,
  readShared,
  testSpec,
} from './test-support/fixtures.js';

/** Short-key copy networks: 3 data + 3 key inputs, the key inputs ignored (cell 1 drops lane 1). */
const copyDat = datOf([copyModule(3, -1, 3), copyModule(3, 1, 3)]);

describe('scoreSubmission', () => {
  it('scores copy networks that ignore the key inputs under short-key far below an ideal keystream', async () => {
    const spec = testSpec();
    const copy = await scoreSubmission({
      spec,
      manifest: manifestFor(0, 0),
      alice: copyDat,
      bob: copyDat,
      testSeed: SEED,
      testFiles: new Map(),
    });
    const ideal = await scoreCipherPair(
      idealKeystreamPair(3),
      spec,
      parseTestSeed(SEED),
      new Map(),
    );
    expect(copy.terms.perfect).toBe(1);
    expect(ideal.terms.perfect).toBe(1);
    expect(copy.terms.quality).toBeLessThan(ideal.terms.quality! / 2);
    expect(copy.terms.nist).toBeLessThan(300_000);
    expect(copy.terms.keyFlipFraction).toBe(0); // the key never reaches the ciphertext
    expect(copy.terms.keySensitivity).toBe(0);
    expect(ideal.terms.nist).toBeGreaterThan(800_000);
    expect(ideal.terms.keySensitivity).toBeGreaterThan(950_000);
    expect(ideal.terms.correlation).toBeGreaterThan(950_000);
    expect(copy.score).toBeLessThan(ideal.score);
    expect(copy.formulaVersion).toBe(2);
  });

  it('scores a pair that folds the key in through recurrent state: perfect, and more key-sensitive than the old constant', async () => {
    const adder = datOf([keyAdderModule(3)]);
    const r = await scoreSubmission({
      spec: testSpec({ small: true }),
      manifest: manifestFor(0, 0),
      alice: adder,
      bob: adder,
      testSeed: SEED,
      testFiles: new Map(),
    });
    expect(r.terms.perfect).toBe(1);
    // Under the old layout every perfect pair changed exactly 1/48 of the bits (20,833 ppm).
    expect(r.terms.keyFlipFraction).toBeGreaterThan(1.3 * 20_833);
  });

  it('ranks a pair whose Bob drops a lane below any perfect pair', async () => {
    const spec = testSpec({ small: true });
    const base = { spec, alice: copyDat, bob: copyDat, testSeed: SEED, testFiles: new Map() };
    const broken = await scoreSubmission({ ...base, manifest: manifestFor(0, 1) });
    const perfect = await scoreSubmission({ ...base, manifest: manifestFor(0, 0) });
    expect(broken.terms.perfect).toBe(0);
    expect(broken.terms.accuracy).toBeLessThan(1_000_000);
    expect(broken.score).toBeLessThan(1_000_000n);
    expect(perfect.score).toBeGreaterThanOrEqual(1_000_000n);
  });

  it('gives the same score and terms to the same inputs', async () => {
    const spec = testSpec({ small: true, regime: 'otp' });
    const input = {
      spec,
      manifest: manifestFor(5, 5),
      alice: readShared('bisuna/U1/alicesCPAbisuna.dat'),
      bob: readShared('bisuna/U1/bobsCPAbisuna.dat'),
      testSeed: SEED,
      testFiles: new Map(),
    };
    const a = await scoreSubmission(input);
    const b = await scoreSubmission(input);
    expect(b).toEqual(a);
    const c = await scoreSubmission({ ...input, testSeed: `0x${'77'.repeat(32)}` });
    expect(c.terms.eveAdvantage).not.toBe(a.terms.eveAdvantage);
  });

  it('gives the same report on the WebAssembly and the JavaScript engines', async () => {
    const u1 = {
      spec: testSpec({ small: true, regime: 'otp' }),
      manifest: manifestFor(5, 5),
      alice: readShared('bisuna/U1/alicesCPAbisuna.dat'),
      bob: readShared('bisuna/U1/bobsCPAbisuna.dat'),
      testSeed: SEED,
      testFiles: new Map(),
    };
    const adder = datOf([keyAdderModule(3)]);
    const shortKey = {
      ...u1,
      spec: testSpec({ small: true }),
      manifest: manifestFor(0, 0),
      alice: adder,
      bob: adder,
    };
    for (const input of [u1, shortKey]) {
      const js = await scoreSubmission(input, { engine: 'js' });
      expect(await scoreSubmission(input, { engine: 'wasm' })).toEqual(js);
    }
  });

  it('rejects a P-input pair (the old short-key layout) for a short-key spec', async () => {
    const old = datOf([copyModule(3)]);
    await expect(
      scoreSubmission({
        spec: testSpec({ small: true }),
        manifest: manifestFor(0, 0),
        alice: old,
        bob: old,
        testSeed: SEED,
        testFiles: new Map(),
      }),
    ).rejects.toThrow(/alice\.dat agent 0 has 3 inputs and 3 outputs; short-key needs 6 inputs/);
  });

  it('rejects a bad bundle with a BundleError instead of scoring it', async () => {
    await expect(
      scoreSubmission({
        spec: testSpec({ small: true }),
        manifest: manifestFor(0, 0),
        alice: copyDat.subarray(0, 50),
        bob: copyDat,
        testSeed: SEED,
        testFiles: new Map(),
      }),
    ).rejects.toThrow(BundleError);
  });

  it('reports progress and stops when aborted', async () => {
    const stages: string[] = [];
    const controller = new AbortController();
    const run = scoreSubmission({
      spec: testSpec({ small: true }),
      manifest: manifestFor(0, 0),
      alice: copyDat,
      bob: copyDat,
      testSeed: SEED,
      testFiles: new Map(),
      signal: controller.signal,
      onProgress: (p) => {
        stages.push(p.stage);
        if (p.stage === 'randomness') controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'ScoringAbortedError' });
    expect(stages).toEqual(['test set', 'decryption', 'correlation', 'randomness']);
  });

  it('lets a timer abort it mid-run (it yields to the event loop, not only to microtasks)', async () => {
    const run = scoreSubmission({
      spec: testSpec(),
      manifest: manifestFor(0, 0),
      alice: copyDat,
      bob: copyDat,
      testSeed: SEED,
      testFiles: new Map(),
      signal: AbortSignal.timeout(1),
    });
    await expect(run).rejects.toMatchObject({ name: 'ScoringAbortedError' });
  });
});

describe('smoothLength', () => {
  it('picks the largest 2^a 3^b 5^c not above the limit', () => {
    expect(smoothLength(1_000_000)).toBe(1_000_000);
    expect(smoothLength(851_232)).toBe(843_750);
    expect(smoothLength(7)).toBe(6);
  });
});

describe('score regression', () => {
  it('keeps the score of a fixed submission (a change here changes signed scores: bump FORMULA_VERSION)', async () => {
    const spec = testSpec({ small: true });
    const seed = parseTestSeed(`0x${'00'.repeat(31)}01`);
    const pair = networkCipherPair(
      kernelStepper(keyAdderModule(3)),
      kernelStepper(keyAdderModule(3)),
      3,
    );
    // Eve left out (her training belongs to the engine): a fixed one-connection Eve.
    const eve = { ...copyModule(9), params: { networkID: 0, nInputs: 9, nOutputs: 1 } };
    eve.neurons = eve.neurons.slice(0, 10).map((n, i) => ({ ...n, nType: i < 9 ? 1 : 2 }));
    eve.conns = [{ fromNID: 0, toNID: 9, neuroMod: 65535, weight: 0xffff }];
    const r = await scoreCipherPair(pair, spec, seed, new Map(), {
      eveTrainer: { train: () => eve },
    });
    expect(r.terms).toMatchObject({
      streams: 7,
      plaintextBits: 318_720,
      nistBits: 314_928,
      keyFlipFraction: 35_286,
    });
    expect(r.score).toBe(1_458_037n); // v2: the key-adder pair on the short-key layout (P + K inputs)
  });
});

describe('scoring budget', () => {
  it('refuses a spec whose products of knobs exceed the verifier limits, naming the fields', async () => {
    const spec = testSpec({ small: true });
    spec.scoring.streams = { count: 10_000, words: 1_000_000 };
    await expect(
      scoreCipherPair(idealKeystreamPair(3), spec, parseTestSeed(SEED), new Map()),
    ).rejects.toThrow(/scoring\.streams\.count x scoring\.streams\.words/);
    const eve = testSpec({ small: true });
    eve.scoring.eve = { generations: 100_000, population: 10_000, trials: 10 };
    await expect(
      scoreCipherPair(idealKeystreamPair(3), eve, parseTestSeed(SEED), new Map()),
    ).rejects.toThrow(/Eve steps/);
  });
});
