/**
 * Encryption scoring (docs/scoring.md): derives the test set from the task's test seed by
 * HMAC_DRBG, runs the submitted Alice and Bob over it, measures Bob's accuracy (a gate), key
 * dependence (every key bit's avalanche, key-independent bits, wrong-key Bob: a second gate), NIST
 * SP 800-22 randomness, plaintext/ciphertext correlation, the structure of the key-to-keystream map
 * (affinity, linear relations, a known-plaintext Eve) and a fresh Eve's advantage, and combines
 * them into one integer of at most `MAX_SCORE`. Isomorphic: runs in Node, browsers and workers.
 *
 * @example
 * import { scoreSubmission } from '@tem/core/scoring';
 * const report = await scoreSubmission({ spec, manifest, alice, bob, testSeed, testFiles: new Map() });
 * console.log(report.score, report.terms);
 */
export {
  scoreSubmission,
  scoreCipherPair,
  NIST_MAX_BITS,
  KEY_TEST_WORDS,
  KEY_TESTS,
} from './score.js';
export type {
  ScoreInput,
  ScoreReport,
  ScoreProgress,
  ScoringParts,
  ScoreCipherOptions,
} from './score.js';
export {
  BundleError,
  ScoringInputError,
  ScoringAbortedError,
  type BundleErrorReason,
} from './errors.js';
export { checkScoringBudget, MAX_RANDOM_STREAM_WORDS, MAX_EVE_TRAINING_STEPS } from './budget.js';
export { loadPair, MAX_AGENT_NEURONS, MAX_AGENT_CONNECTIONS, type LoadedPair } from './bundle.js';
export {
  FORMULA_VERSION,
  MAX_SCORE,
  KEY_GATE,
  PPM,
  combineScore,
  toPpm,
  type ScoreFigures,
  type FormulaWeights,
  type FormulaResult,
} from './formula.js';
export type { CipherPair, CipherJob, RoundTrip } from './cipher.js';
export {
  networkCipherPair,
  modulesCipherPair,
  kernelStepper,
  referenceStepper,
  type ScoringStepper,
} from './network-cipher.js';
export {
  buildTestSet,
  stepKey,
  padToSteps,
  MAX_TEST_FILE_WORDS,
  type TestSet,
  type TestStream,
} from './test-set.js';
export { parseTestSeed, deriveBytes, deriveWords, deriveUint32, DRBG_NONCE } from './seed.js';
export { HmacDrbg } from './hmac-drbg.js';
export { bitAccuracy } from './accuracy.js';
export { pearson, streamCorrelation } from './correlation.js';
export {
  measureKeyAvalanche,
  keyIndependentShare,
  measureWrongKeyBob,
  chanceMargin,
  excessOverChance,
  flipBit,
  type KeyAvalanche,
  type WrongKeyBob,
} from './key-dependence.js';
export { measureAffinity, type Affinity } from './key-structure.js';
export {
  knownPlaintextAttack,
  type KnownPlaintextTrial,
  type KnownPlaintextResult,
} from './known-plaintext.js';
export {
  randomnessFigures,
  ksDistanceUniform,
  NIST_ALPHA,
  type PValueResult,
} from './randomness.js';
export {
  eveGameData,
  playHeldOut,
  type EveTrainer,
  type EveGameData,
  type EveOutcome,
} from './eve-game.js';
export { evolutionEveTrainer } from './eve-trainer.js';
export { referenceImageBmp } from './reference-image.js';
export { sampleKeystreamPair } from './sample-pair.js';
