import type { KeyRegime, TaskSpec } from '../task/index.js';
import { bmpPixelWords } from './bmp.js';
import { ScoringInputError } from './errors.js';
import { referenceImageBmp } from './reference-image.js';
import { referenceTextBytes } from './reference-text.js';
import { deriveUint32, deriveWords, wordsFromBytesLE } from './seed.js';

/** One plaintext stream of the test set with its key. */
export interface TestStream {
  /** `random/<i>`, `zeros`, `text`, `image` or `file/<spec test file name>`. */
  name: string;
  /** Random streams are DRBG output; structured ones are zeros, text, the image and the spec's files. */
  kind: 'random' | 'structured';
  /** Plaintext words, zero-padded to a whole number of steps (a multiple of payloadWords). */
  plain: Uint16Array;
  /** `short-key`: keyWords words for the whole stream; `otp`: one key word per plaintext word. */
  key: Uint16Array;
  /** Seed of the mt19937 (libc++ mapping) that Random neurons of this stream's run draw from. */
  rngSeed: number;
}

/** Everything derived from (spec, test seed, test files): the streams and the key regime. */
export interface TestSet {
  payloadWords: number;
  keyWords: number;
  keyRegime: KeyRegime;
  streams: TestStream[];
}

/** Longest test file accepted, in words, so a spec cannot make scoring allocate without bound. */
export const MAX_TEST_FILE_WORDS = 1 << 21;

/**
 * Derives the test set (docs/scoring.md "Test set"): structured streams first (zeros, text, the
 * reference image, then the spec's test files in spec order), then `streams.count` random streams,
 * every key and plaintext drawn from the seed by HMAC_DRBG ({@link deriveWords}).
 *
 * @example
 * const set = buildTestSet(spec, parseTestSeed(seedHex), new Map());
 */
export function buildTestSet(
  spec: TaskSpec,
  seed: Uint8Array,
  testFiles: Map<string, Uint8Array>,
): TestSet {
  const { payloadWords, keyWords, keyRegime } = spec.training;
  const words = spec.scoring.streams.words;
  const streams: TestStream[] = [];
  const add = (name: string, kind: TestStream['kind'], plainWords: Uint16Array) => {
    const plain = padToSteps(plainWords, payloadWords);
    const keyLength = keyRegime === 'otp' ? plain.length : keyWords;
    streams.push({
      name,
      kind,
      plain,
      key: deriveWords(seed, `key/${name}`, keyLength),
      rngSeed: deriveUint32(seed, `rng/${name}`),
    });
  };
  add('zeros', 'structured', new Uint16Array(words));
  add('text', 'structured', wordsFromBytesLE(referenceTextBytes(2 * words)));
  add('image', 'structured', bmpPixelWords(referenceImageBmp(), 'reference image'));
  for (const file of spec.scoring.testFiles) {
    const bytes = testFiles.get(file.name);
    if (!bytes) {
      throw new ScoringInputError(
        `test file '${file.name}' (${file.cid}) named by the spec was not provided`,
      );
    }
    const fileWords =
      file.format === 'bmp' ? bmpPixelWords(bytes, file.name) : wordsFromBytesLE(bytes);
    if (fileWords.length > MAX_TEST_FILE_WORDS) {
      throw new ScoringInputError(
        `test file '${file.name}' has ${fileWords.length} words; at most ${MAX_TEST_FILE_WORDS}`,
      );
    }
    if (fileWords.length === 0) throw new ScoringInputError(`test file '${file.name}' is empty`);
    add(`file/${file.name}`, 'structured', fileWords);
  }
  for (let i = 0; i < spec.scoring.streams.count; i++) {
    add(`random/${i}`, 'random', deriveWords(seed, `plain/random/${i}`, words));
  }
  return { payloadWords, keyWords, keyRegime, streams };
}

/** Zero-pads to a multiple of `payloadWords` (the reference reads zeros past the end, spec §14). */
export function padToSteps(words: Uint16Array, payloadWords: number): Uint16Array {
  const steps = Math.ceil(words.length / payloadWords);
  if (steps * payloadWords === words.length) return words;
  const out = new Uint16Array(steps * payloadWords);
  out.set(words);
  return out;
}

/**
 * The key word paired with lane j of step `step` (`out[j]`). `otp`: the step's own slice of the
 * key, which the environment XORs into the inputs; `short-key`: the key read cyclically, word
 * `(step * P + j) mod K` (for ciphers defined per word, like the tests' ideal keystream; the
 * networks themselves get the whole key as inputs, see `writeCipherInput`).
 */
export function stepKey(
  regime: KeyRegime,
  key: Uint16Array,
  step: number,
  payloadWords: number,
  out: Uint16Array,
): Uint16Array {
  const base = step * payloadWords;
  if (regime === 'otp') {
    for (let j = 0; j < payloadWords; j++) out[j] = key[base + j] ?? 0;
  } else {
    for (let j = 0; j < payloadWords; j++) out[j] = key[(base + j) % key.length]!;
  }
  return out;
}
