/**
 * The `bisuna-cipher` kind: neural encryption (Alice encrypts, Bob decrypts, a fresh Eve
 * attacks), scored by formula 3 (docs/scoring.md).
 */
import type { CipherTrainingConfig } from '../../bisuna/training/config.js';
import type { CipherTrainingState } from '../../bisuna/training/trainer.js';
import { checkScoringBudget } from '../../scoring/budget.js';
import { loadPair } from '../../scoring/bundle.js';
import { FORMULA_VERSION } from '../../scoring/formula.js';
import { scoreSubmission } from '../../scoring/score.js';
import { MAX_TEST_FILE_WORDS } from '../../scoring/test-set.js';
import {
  BUNDLE_FILES,
  defaultTaskSpec,
  parseResultManifestJson,
  taskSpec,
  type TaskSpec,
} from '../../task/index.js';
import { bundleManifest } from '../bundle-files.js';
import type { BundleFiles, TaskKind } from '../kind.js';
import { describeCipherSpec, CIPHER_FIELDS } from './describe.js';
import { cipherImageReplay, type CipherReplay } from './replay.js';
import { CIPHER_TERMS, cipherBand, cipherCounts } from './terms.js';
import { cipherTraining } from './training.js';

function pairOf(spec: TaskSpec, files: BundleFiles) {
  const manifest = bundleManifest(files, parseResultManifestJson, 'pair');
  const alice = files.get(BUNDLE_FILES.alice);
  const bob = files.get(BUNDLE_FILES.bob);
  return { manifest, alice, bob, pair: loadPair(spec, manifest, alice, bob) };
}

export const cipherKind: TaskKind<
  TaskSpec,
  CipherTrainingConfig,
  CipherTrainingState,
  CipherReplay
> = {
  id: 'bisuna-cipher',
  title: 'Neural encryption',
  summary:
    'Alice and Bob, two BiSUNA networks, share a key: Bob must decrypt every stream, the ciphertext must look random and depend on every key bit, and a fresh Eve must learn nothing.',
  specSchema: taskSpec,
  defaultSpec: (options) => defaultTaskSpec(options),
  fields: CIPHER_FIELDS,
  describe: describeCipherSpec,
  bundleFiles: [
    {
      name: BUNDLE_FILES.manifest,
      required: true,
      scored: true,
      what: 'the chosen pair and how it was trained',
    },
    {
      name: BUNDLE_FILES.alice,
      required: true,
      scored: true,
      what: 'the encryptors (.dat population)',
    },
    {
      name: BUNDLE_FILES.bob,
      required: true,
      scored: true,
      what: 'the decryptors (.dat population)',
    },
    {
      name: BUNDLE_FILES.eve,
      required: false,
      scored: false,
      what: "the solver's Eves (never scored)",
    },
  ],
  testFiles: (spec) =>
    spec.scoring.testFiles.map((f) => ({
      name: f.name,
      cid: f.cid,
      maxBytes: 2 * MAX_TEST_FILE_WORDS + (1 << 20),
    })),
  checkScoringBudget,
  checkBundle(spec, files) {
    pairOf(spec, files);
  },
  formulaVersion: FORMULA_VERSION,
  async score(input) {
    const { manifest, alice, bob } = pairOf(input.spec, input.files);
    return scoreSubmission({
      spec: input.spec,
      manifest,
      alice: alice!,
      bob: bob!,
      testSeed: input.testSeed,
      testFiles: new Map(input.testFiles),
      ...(input.signal && { signal: input.signal }),
      ...(input.onProgress && { onProgress: input.onProgress }),
    });
  },
  terms: CIPHER_TERMS,
  band: cipherBand,
  countsLine: cipherCounts,
  training: cipherTraining,
  environments: [],
  async replay(input) {
    return cipherImageReplay(input.spec, pairOf(input.spec, input.files).pair, input.testSeed);
  },
};
