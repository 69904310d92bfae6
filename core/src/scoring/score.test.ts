import { describe, expect, it } from 'vitest';
import { BundleError } from './errors.js';
import { scoreCipherPair, scoreSubmission, smoothLength } from './score.js';
import { kernelStepper, networkCipherPair } from './network-cipher.js';
import { parseTestSeed } from './seed.js';
import { FORMULA_VERSION, MAX_SCORE } from './formula.js';
import { modulesCipherPair } from './network-cipher.js';
import {
  SEED,
  addRotateModule,
  copyModule,
  datOf,
  idealKeystreamPair,
  keyFreePair,
  linearKeystreamPair,
  manifestFor,
  partialKeyPair,
  readShared,
  silentModule,
  testSpec,
} from './test-support/fixtures.js';
import type { CipherPair } from './cipher.js';
import { sampleKeystreamPair } from './sample-pair.js';

/** Short-key networks that output nothing (the ciphertext is the plaintext); cell 1 gets lane 1 wrong. */
const copyDat = datOf([silentModule(3, 3), silentModule(3, 3, 1)]);

describe('scoreSubmission', () => {
  it('scores networks that leave the plaintext as it is far below an ideal keystream', async () => {
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
    expect(copy.terms.keyGate).toBe(0);
    expect(ideal.terms.keyGate).toBe(1);
    expect(copy.terms.nist).toBeLessThan(300_000);
    expect(copy.terms.keyFlipFraction).toBe(0); // the key never reaches the ciphertext
    expect(copy.terms.keySensitivity).toBe(0);
    expect(ideal.terms.nist).toBeGreaterThan(800_000);
    expect(ideal.terms.keySensitivity).toBeGreaterThan(950_000);
    expect(ideal.terms.structure).toBeGreaterThan(950_000);
    expect(ideal.terms.correlation).toBeGreaterThan(950_000);
    expect(copy.score).toBeLessThan(2_000_000n);
    expect(ideal.score).toBeGreaterThan(2_900_000n);
    expect(ideal.score).toBeLessThanOrEqual(MAX_SCORE);
    expect(copy.formulaVersion).toBe(FORMULA_VERSION);
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

  it('under otp, measures key independence and wrong-key Bob but not the key structure of a one-time pad', async () => {
    const r = await scoreSubmission({
      spec: testSpec({ small: true, regime: 'otp' }),
      manifest: manifestFor(0, 0),
      alice: readShared('bisuna/U1/alicesCPAbisuna.dat'),
      bob: readShared('bisuna/U1/bobsCPAbisuna.dat'),
      testSeed: SEED,
      testFiles: new Map(),
    });
    // U1 pair 0 is c = NOT(k XOR p): every ciphertext bit follows its pad bit, a wrong pad is noise.
    expect(r.terms).toMatchObject({ perfect: 1, keyGate: 1, keyIndependentShare: 0 });
    expect(r.terms.wrongKeyAccuracy).toBeGreaterThan(480_000);
    expect(r.terms.wrongKeyAccuracy).toBeLessThan(520_000);
    expect(r.terms).toMatchObject({ keyAvalanche: 1_000_000, structure: 1_000_000 });
    expect(r.terms.linearRelations).toBe(0);
    expect(r.score).toBeGreaterThanOrEqual(2_000_000n);
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
    const addRotate = datOf([addRotateModule(3, 3)]);
    const shortKey = {
      ...u1,
      spec: testSpec({ small: true }),
      manifest: manifestFor(0, 0),
      alice: addRotate,
      bob: addRotate,
    };
    for (const input of [u1, shortKey]) {
      const js = await scoreSubmission(input, { engine: 'js' });
      expect(await scoreSubmission(input, { engine: 'wasm' })).toEqual(js);
    }
  });

  it('rejects a pair of an older short-key layout (data and key in) for a short-key spec', async () => {
    const old = datOf([copyModule(3, -1, 3)]);
    await expect(
      scoreSubmission({
        spec: testSpec({ small: true }),
        manifest: manifestFor(0, 0),
        alice: old,
        bob: old,
        testSeed: SEED,
        testFiles: new Map(),
      }),
    ).rejects.toThrow(
      /alice\.dat agent 0 has 6 inputs and 3 outputs; short-key needs 4 inputs .*older short-key layout/,
    );
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

/**
 * The zoo of docs/scoring.md §6, from no cipher to an ideal keystream. A cryptographer's order:
 * an ideal keystream; then ciphers that use every key bit but whose keystream has exploitable
 * structure (linear in the key; an add-rotate whose low bits follow linearly from the last
 * step), broken by a few known keystream steps; then one whose key is effectively 16 bits
 * (brute force); one that ignores its key (anyone holding the networks decrypts); and none at all.
 */
const zoo: [string, () => CipherPair][] = [
  ['ideal keystream', () => idealKeystreamPair(3)],
  ['linear keystream', () => linearKeystreamPair(3)],
  ['tiny add-rotate', () => modulesCipherPair(addRotateModule(3, 3), addRotateModule(3, 3), 3)],
  ['partial key', () => partialKeyPair(3)],
  ['key-free pseudo-random', () => keyFreePair(3)],
  ['copy', () => modulesCipherPair(silentModule(3, 3), silentModule(3, 3), 3)],
];

describe('the zoo of hand-built ciphers', () => {
  it.each(['01', '5a', 'c3'])(
    'is ranked as a cryptographer would rank it on test seed 0x%s…',
    async (byte) => {
      const spec = testSpec();
      const seed = parseTestSeed(`0x${byte.repeat(32)}`);
      const r: Record<string, Awaited<ReturnType<typeof scoreCipherPair>>> = {};
      for (const [name, pair] of zoo)
        r[name] = await scoreCipherPair(pair(), spec, seed, new Map());
      const score = (name: string) => r[name]!.score;
      const terms = (name: string) => r[name]!.terms;

      for (const name of Object.keys(r)) expect(terms(name).perfect).toBe(1);
      // Every key bit is live, the ciphertext all key-dependent, a wrong key useless...
      for (const name of ['ideal keystream', 'linear keystream', 'tiny add-rotate']) {
        expect(terms(name).keyGate, name).toBe(1);
        expect(score(name)).toBeGreaterThanOrEqual(2_000_000n);
      }
      // ... but not for these, which rank below every one of the above.
      expect(terms('partial key').weakestKeyFlip).toBe(0);
      expect(terms('key-free pseudo-random').keyIndependentShare).toBe(1_000_000);
      expect(terms('copy').keyFlipFraction).toBe(0);
      for (const name of ['partial key', 'key-free pseudo-random', 'copy']) {
        expect(terms(name).keyGate, name).toBe(0);
        expect(score(name)).toBeLessThan(2_000_000n);
      }
      // Structure: the linear keystream is affine and falls to Eve's Gaussian elimination; the
      // add-rotate's keystream obeys linear relations; the ideal one shows none.
      expect(terms('linear keystream')).toMatchObject({ affinity: 0, knownPlaintext: 0 });
      expect(terms('linear keystream').linearRelations).toBeGreaterThan(0);
      expect(terms('tiny add-rotate').linearRelations).toBeGreaterThan(0);
      expect(terms('tiny add-rotate').structure).toBe(0);
      expect(terms('ideal keystream').linearRelations).toBe(0);
      expect(terms('ideal keystream').structure).toBeGreaterThan(950_000);

      expect(score('ideal keystream')).toBeGreaterThan(score('linear keystream'));
      expect(score('ideal keystream')).toBeGreaterThan(score('tiny add-rotate'));
      expect(score('partial key')).toBeGreaterThan(score('key-free pseudo-random'));
      expect(score('key-free pseudo-random')).toBeGreaterThan(score('copy'));
    },
  );
});

describe('the trained sample pair', () => {
  it('is a real cipher to the verifier: perfect, past the key gate, no structure found', async () => {
    const { alice, bob } = sampleKeystreamPair();
    const r = await scoreCipherPair(
      modulesCipherPair(alice, bob, 3),
      testSpec(),
      parseTestSeed(SEED),
      new Map(),
    );
    expect(r.terms).toMatchObject({ perfect: 1, keyGate: 1, keyIndependentShare: 0 });
    expect(Math.abs(r.terms.weakestKeyFlip! - 500_000)).toBeLessThan(50_000);
    expect(r.terms.affinityOnes).toBeGreaterThan(450_000);
    expect(r.terms.knownPlaintextRecovered).toBe(0);
    expect(r.terms.nist).toBeGreaterThan(900_000);
    expect(r.terms.correlation).toBeGreaterThan(900_000);
  });
});

describe('score regression', () => {
  it('keeps the score of a fixed submission (a change here changes signed scores: bump FORMULA_VERSION)', async () => {
    const spec = testSpec({ small: true });
    const seed = parseTestSeed(`0x${'00'.repeat(31)}01`);
    const pair = networkCipherPair(
      kernelStepper(addRotateModule(3, 3)),
      kernelStepper(addRotateModule(3, 3)),
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
      keyGate: 1,
      keyFlipFraction: 504_657,
      weakestKeyFlip: 517_370,
      wrongKeyAccuracy: 498_483,
      affinityOnes: 501_901,
      linearRelations: 30,
      knownPlaintextMatch: 502_135,
    });
    expect(r.score).toBe(2_771_494n); // v3: the tiny add-rotate keystream (key + counter in)
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
