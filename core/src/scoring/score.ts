import type { Module } from '../bisuna/index.js';
import type { EpisodeEngine } from '../bisuna/training/cpa-episode.js';
import type { ResultManifest, TaskSpec } from '../task/index.js';
import { bitAccuracy } from './accuracy.js';
import { checkScoringBudget } from './budget.js';
import { loadPair } from './bundle.js';
import type { CipherJob, CipherPair, RoundTrip } from './cipher.js';
import { streamCorrelation } from './correlation.js';
import { eveGameData, playHeldOut, type EveStepper, type EveTrainer } from './eve-game.js';
import { evolutionEveTrainer } from './eve-trainer.js';
import { FORMULA_VERSION, PPM, combineScore, toPpm } from './formula.js';
import { keyIndependentShare, measureKeyAvalanche, measureWrongKeyBob } from './key-dependence.js';
import { linearRelations, measureAffinity, relationTestSteps } from './key-structure.js';
import { knownPlaintextAttack, type KnownPlaintextTrial } from './known-plaintext.js';
import { kernelStepper, modulesCipherPair } from './network-cipher.js';
import { defaultNistSuite, type NistSuite } from './nist-suite.js';
import { randomnessFigures } from './randomness.js';
import { bytesFromWordsLE, deriveUint32, deriveWords, parseTestSeed } from './seed.js';
import { buildTestSet, type TestSet, type TestStream } from './test-set.js';
import { createCheckpoint } from './yielder.js';

/** Progress of a scoring run: the stage and the fraction of the whole run done. */
export interface ScoreProgress {
  stage: string;
  fraction: number;
}

/** What {@link scoreSubmission} scores. */
export interface ScoreInput {
  spec: TaskSpec;
  manifest: ResultManifest;
  /** `alice.dat` bytes. */
  alice: Uint8Array;
  /** `bob.dat` bytes. */
  bob: Uint8Array;
  /** The task's test seed, 0x-prefixed bytes32 hex. */
  testSeed: string;
  /** The spec's test files by name. */
  testFiles: Map<string, Uint8Array>;
  signal?: AbortSignal;
  onProgress?: (p: ScoreProgress) => void;
}

/** The score the verifier signs and every term it came from (integers, ppm unless noted). */
export interface ScoreReport {
  /** Non-negative integer, fits uint256. */
  score: bigint;
  terms: Record<string, number>;
  formulaVersion: number;
}

/** Most ciphertext bits the randomness tests read (sts-2.1.2's customary 1,000,000). */
export const NIST_MAX_BITS = 1_000_000;
/** Plaintext words (rounded up to whole steps) of every key-dependence and structure trial. */
export const KEY_TEST_WORDS = 1_024;

/** Budget of the key-dependence and structure measures (docs/scoring.md §3). */
export const KEY_TESTS = Object.freeze({
  /** Random streams whose keys have every bit flipped in turn. */
  avalancheStreams: 4,
  /** Keys the key-independence test encrypts one plaintext under. */
  independenceKeys: 32,
  /** Wrong keys Bob decrypts with. */
  wrongKeys: 16,
  /** Key triples of the affinity test. */
  affinityTriples: 16,
  /** Keys whose keystreams (the zeros plaintext's ciphertext) are searched for linear relations. */
  relationKeys: 4,
  /** Known-plaintext attacks, the steps Eve knows in each, and her random starting keys. */
  knownPlaintextTrials: 2,
  knownSteps: 8,
  knownPlaintextStarts: 3,
});

/** Replaceable parts, for tests and other runtimes; the defaults are the verifier's. */
export interface ScoringParts {
  nistSuite?: NistSuite;
  eveTrainer?: EveTrainer;
  eveStepper?: (eve: Module) => EveStepper;
  /** Where the networks run (same results either way); default WebAssembly where it runs. */
  engine?: EpisodeEngine;
}

/**
 * Scores a result bundle against a task spec and test seed (docs/scoring.md). Deterministic:
 * the same inputs give the same score on every platform. Bad bundles throw a BundleError.
 *
 * @example
 * const report = await scoreSubmission({ spec, manifest, alice, bob, testSeed, testFiles: new Map() });
 * report.score; // bigint, what the verifier signs
 */
export async function scoreSubmission(
  input: ScoreInput,
  parts: ScoringParts = {},
): Promise<ScoreReport> {
  const seed = parseTestSeed(input.testSeed);
  const { alice, bob } = loadPair(input.spec, input.manifest, input.alice, input.bob);
  const P = input.spec.training.payloadWords;
  const pair = modulesCipherPair(alice.module, bob.module, P, parts.engine);
  return scoreCipherPair(pair, input.spec, seed, input.testFiles, {
    ...parts,
    signal: input.signal,
    onProgress: input.onProgress,
  });
}

/** Options of {@link scoreCipherPair}. */
export interface ScoreCipherOptions extends ScoringParts {
  signal?: AbortSignal;
  onProgress?: (p: ScoreProgress) => void;
}

/**
 * Scores any {@link CipherPair} (the networks of a bundle, or an ideal or broken cipher in tests)
 * on the test set derived from `seed`.
 */
export async function scoreCipherPair(
  pair: CipherPair,
  spec: TaskSpec,
  seed: Uint8Array,
  testFiles: Map<string, Uint8Array>,
  options: ScoreCipherOptions = {},
): Promise<ScoreReport> {
  const checkpoint = createCheckpoint(options.signal);
  const progress = async (stage: string, fraction: number) => {
    await checkpoint(stage);
    options.onProgress?.({ stage, fraction });
  };
  checkScoringBudget(spec);
  await progress('test set', 0);
  const set = buildTestSet(spec, seed, testFiles);
  const jobs = jobsOf(set);

  await progress('decryption', 0.05);
  // Streams in batches of about 64k words, so a long test set still honours the abort signal.
  const trips: RoundTrip[] = [];
  for (let i = 0; i < jobs.length;) {
    let words = 0;
    const batch: CipherJob[] = [];
    while (i < jobs.length && (batch.length === 0 || words + jobs[i]!.plain.length <= 65_536)) {
      words += jobs[i]!.plain.length;
      batch.push(jobs[i++]!);
    }
    trips.push(...pair.roundTrip(batch));
    if (i < jobs.length) await progress('decryption', 0.05 + (0.15 * i) / jobs.length);
  }
  let correctBits = 0;
  let totalBits = 0;
  set.streams.forEach((s, i) => {
    const acc = bitAccuracy(s.plain, trips[i]!.decrypted);
    correctBits += acc.correct;
    totalBits += acc.total;
  });

  await progress('correlation', 0.2);
  const groups = { structured: [] as number[], random: [] as number[] };
  let pearsonSum = 0;
  let pearsonCount = 0;
  let nccSum = 0;
  let nccCount = 0;
  set.streams.forEach((s, i) => {
    const c = streamCorrelation(s.plain, trips[i]!.cipher, set.payloadWords);
    if (!Number.isNaN(c.pearson)) {
      pearsonSum += c.pearson;
      pearsonCount++;
    }
    if (!Number.isNaN(c.ncc)) {
      nccSum += c.ncc;
      nccCount++;
    }
    const worst = Math.max(nanToZero(c.pearson), nanToZero(c.ncc));
    if (!Number.isNaN(c.pearson) || !Number.isNaN(c.ncc)) groups[s.kind].push(worst);
  });
  const groupMeans = [groups.structured, groups.random].filter((g) => g.length > 0).map(mean);
  const correlation = groupMeans.length > 0 ? mean(groupMeans) : NaN;

  await progress('randomness', 0.25);
  const cipherBytes = concatCipherBytes(
    trips.map((t) => t.cipher),
    NIST_MAX_BITS / 8,
  );
  const nistBits = smoothLength(cipherBytes.length * 8);
  const nist = randomnessFigures((options.nistSuite ?? defaultNistSuite)(cipherBytes, nistBits));

  await progress('key dependence', 0.45);
  const keys = measureKeys(pair, set, seed);
  await progress('structure', 0.5);
  const structure = measureStructure(pair, set, seed);

  await progress('eve', 0.55);
  const eve = await freshEveAdvantage(pair, spec, seed, options, checkpoint);

  await progress('score', 1);
  const otp = set.keyRegime === 'otp';
  const result = combineScore(
    {
      correctBits,
      totalBits,
      nistPassFraction: nist.passFraction,
      nistUniformity: nist.uniformity,
      correlation,
      weakestKeyFlip: otp ? null : keys.avalanche.weakestFlip,
      keyIndependentShare: keys.independentShare,
      wrongKeyExcess: keys.wrongKey.excess,
      affinityOnes: otp ? null : structure.affinity.ones,
      relationFreeShare: otp ? null : structure.relations.freeShare,
      knownPlaintextRecovered: otp ? null : structure.knownPlaintext.recovered,
      eveAdvantage: eve.excess,
    },
    spec.scoring.weights,
  );
  return {
    score: result.score,
    formulaVersion: FORMULA_VERSION,
    terms: {
      ...result.terms,
      pearson: pearsonCount > 0 ? toPpm(pearsonSum / pearsonCount) : PPM,
      ncc: nccCount > 0 ? toPpm(nccSum / nccCount) : PPM,
      keyFlipFraction: toPpm(keys.avalanche.flipFraction),
      weakestKeyFlip: toPpm(keys.avalanche.weakestFlip),
      weakestKeyBit: keys.avalanche.weakestBit,
      keyIndependentShare: toPpm(keys.independentShare),
      wrongKeyAccuracy: toPpm(keys.wrongKey.accuracy),
      wrongKeyExcess: toPpm(keys.wrongKey.excess),
      affinityOnes: toPpm(structure.affinity.ones),
      affineShare: toPpm(structure.affinity.affineShare),
      linearRelations: Number.isFinite(structure.relations.max) ? structure.relations.max : 0,
      knownPlaintextMatch: toPpm(structure.knownPlaintext.match),
      knownPlaintextRecovered: toPpm(structure.knownPlaintext.recovered),
      eveAdvantage: toPpm(eve.advantage),
      eveExcess: toPpm(eve.excess),
      eveTrials: eve.trials,
      nistTests: nist.applicableTests,
      nistBits,
      streams: set.streams.length,
      plaintextBits: totalBits,
      correctBits,
    },
  };
}

/** The first {@link KEY_TEST_WORDS} words (whole steps) of a random stream, as a job. */
function prefixJob(s: TestStream, set: TestSet): CipherJob {
  const P = set.payloadWords;
  const words = Math.min(s.plain.length, Math.ceil(KEY_TEST_WORDS / P) * P);
  const plain = s.plain.subarray(0, words);
  const key = set.keyRegime === 'otp' ? s.key.subarray(0, words) : s.key;
  return { plain, key, regime: set.keyRegime, rngSeed: s.rngSeed };
}

/** A key for `label`: keyWords words under short-key, one pad word per plaintext word under otp. */
function labelKey(set: TestSet, seed: Uint8Array, label: string, plainWords: number): Uint16Array {
  return deriveWords(seed, label, set.keyRegime === 'otp' ? plainWords : set.keyWords);
}

/**
 * Key dependence (docs/scoring.md §3): every key bit's avalanche over the first random streams
 * (short-key only: an otp pad word reaches its own ciphertext word), the key-independent share of
 * random stream 0's ciphertext, and Bob decrypting the random streams with wrong keys.
 */
function measureKeys(pair: CipherPair, set: TestSet, seed: Uint8Array) {
  const random = set.streams.filter((s) => s.kind === 'random').map((s) => prefixJob(s, set));
  const first = random[0]!;
  const avalanche =
    set.keyRegime === 'otp'
      ? { flips: new Float64Array(0), flipFraction: NaN, weakestBit: -1, weakestFlip: NaN }
      : measureKeyAvalanche(pair, random.slice(0, KEY_TESTS.avalancheStreams));
  const n = first.plain.length;
  const independenceKeys = Array.from({ length: KEY_TESTS.independenceKeys }, (_, q) =>
    labelKey(set, seed, `independence/key/${q}`, n),
  );
  const independentShare = keyIndependentShare(pair, first, independenceKeys);
  const wrongJobs = Array.from(
    { length: KEY_TESTS.wrongKeys },
    (_, w) => random[w % random.length]!,
  );
  const wrongKey = measureWrongKeyBob(
    pair,
    wrongJobs,
    wrongJobs.map((j, w) => labelKey(set, seed, `wrong-key/${w}`, j.plain.length)),
  );
  return { avalanche, independentShare, wrongKey };
}

/**
 * Structure of the key-to-keystream map (docs/scoring.md §3), short-key only: the affinity test
 * on random stream 0's plaintext, and the known-plaintext Eve.
 */
function measureStructure(pair: CipherPair, set: TestSet, seed: Uint8Array) {
  if (set.keyRegime === 'otp') {
    return {
      affinity: { ones: NaN, affineShare: NaN },
      relations: { max: NaN, freeShare: NaN },
      knownPlaintext: { recovered: NaN, match: NaN, trials: 0 },
    };
  }
  const first = prefixJob(
    set.streams.find((s) => s.kind === 'random')!,
    set,
  );
  const K = set.keyWords;
  const key = (label: string) => deriveWords(seed, label, K);
  const triples = Array.from(
    { length: KEY_TESTS.affinityTriples },
    (_, t) => [key(`affine/${t}/a`), key(`affine/${t}/b`), key(`affine/${t}/c`)] as const,
  );
  const affinity = measureAffinity(pair, first, triples);
  const P = set.payloadWords;
  const zeros = new Uint16Array(relationTestSteps(P) * P);
  const keystreams = pair.encrypt(
    Array.from({ length: KEY_TESTS.relationKeys }, (_, i) => ({
      plain: zeros,
      key: key(`relations/${i}/key`),
      regime: set.keyRegime,
      rngSeed: deriveUint32(seed, `relations/${i}/rng`),
    })),
  );
  const counts = keystreams.map((ks) => linearRelations(ks, P));
  const relations = {
    max: Math.max(...counts),
    freeShare: counts.filter((c) => c === 0).length / counts.length,
  };
  const trials: KnownPlaintextTrial[] = Array.from(
    { length: KEY_TESTS.knownPlaintextTrials },
    (_, e) => ({
      key: key(`kpa/${e}/key`),
      known: deriveWords(seed, `kpa/${e}/known`, KEY_TESTS.knownSteps * P),
      heldOut: deriveWords(seed, `kpa/${e}/held-out`, first.plain.length),
      starts: Array.from({ length: KEY_TESTS.knownPlaintextStarts }, (_, h) =>
        key(`kpa/${e}/start/${h}`),
      ),
      rngSeed: deriveUint32(seed, `kpa/${e}/rng`),
    }),
  );
  const knownPlaintext = knownPlaintextAttack(pair, set.keyRegime, trials);
  return { affinity, relations, knownPlaintext };
}

async function freshEveAdvantage(
  pair: CipherPair,
  spec: TaskSpec,
  seed: Uint8Array,
  options: ScoreCipherOptions,
  checkpoint: (where: string) => Promise<void>,
): Promise<{ advantage: number; excess: number; trials: number }> {
  const {
    keyWords,
    keyRegime,
    eveAdvantage: episodeSteps,
    mutation,
    initialMutations,
    stepMutations,
  } = spec.training;
  const { generations, population, trials } = spec.scoring.eve;
  const trainer =
    options.eveTrainer ??
    evolutionEveTrainer({ mutation, initialMutations, stepMutations, engine: options.engine });
  const eve = await trainer.train({
    payloadWords: pair.payloadWords,
    generations,
    population,
    seed: deriveUint32(seed, 'eve/evolution'),
    gameFor: (g) => eveGameData(pair, seed, `eve/train/${g}`, episodeSteps, keyWords, keyRegime),
    checkpoint,
    onGeneration: (done) =>
      options.onProgress?.({
        stage: 'eve',
        fraction: 0.55 + (0.4 * done) / Math.max(1, generations),
      }),
  });
  const heldOut = eveGameData(pair, seed, 'eve/held-out', trials, keyWords, keyRegime);
  const stepper = (options.eveStepper ?? kernelStepper)(eve);
  const outcome = playHeldOut(stepper, heldOut, seed, 'eve/held-out');
  // Guessing gives |2 accuracy - 1| with standard deviation 1/sqrt(trials): only the advantage
  // beyond two standard deviations counts, so luck on the held-out coins does not rank pairs.
  const excess = Math.max(0, outcome.advantage - 2 / Math.sqrt(trials));
  return { advantage: outcome.advantage, excess, trials };
}

function jobsOf(set: TestSet): CipherJob[] {
  return set.streams.map((s) => ({
    plain: s.plain,
    key: s.key,
    regime: set.keyRegime,
    rngSeed: s.rngSeed,
  }));
}

/** Ciphertexts as little-endian bytes, concatenated in test-set order, cut at `maxBytes`. */
function concatCipherBytes(ciphers: Uint16Array[], maxBytes: number): Uint8Array {
  let total = 0;
  for (const c of ciphers) total += c.length * 2;
  const out = new Uint8Array(Math.min(total, maxBytes));
  let at = 0;
  for (const c of ciphers) {
    if (at >= out.length) break;
    const bytes = bytesFromWordsLE(c);
    out.set(bytes.subarray(0, out.length - at), at);
    at += Math.min(bytes.length, out.length - at);
  }
  return out;
}

/**
 * The largest n <= limit of the form 2^a 3^b 5^c: the FFT test transforms exactly n points, and
 * such lengths keep it a fast mixed-radix FFT (1,000,000 = 2^6 5^6 is one).
 */
export function smoothLength(limit: number): number {
  let best = 0;
  for (let a = 1; a <= limit; a *= 2) {
    for (let b = a; b <= limit; b *= 3) {
      for (let c = b; c <= limit; c *= 5) if (c > best) best = c;
    }
  }
  return best;
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function nanToZero(x: number): number {
  return Number.isNaN(x) ? 0 : x;
}
