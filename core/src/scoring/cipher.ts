import type { KeyRegime } from '../task/index.js';

/** One stream to encrypt: plaintext words (a whole number of steps), its key and RNG seed. */
export interface CipherJob {
  plain: Uint16Array;
  key: Uint16Array;
  regime: KeyRegime;
  /** Seeds the RNG that Random neurons draw from during this stream. */
  rngSeed: number;
}

/** What a pair produced on one stream: Alice's ciphertext and Bob's decryption of it. */
export interface RoundTrip {
  cipher: Uint16Array;
  decrypted: Uint16Array;
}

/**
 * An encryptor/decryptor pair as the scoring sees it. Every stream starts from a fresh state and
 * runs step by step, `payloadWords` words per step. Under `otp` the environment XORs the keys in
 * (Alice gets `key XOR plain`, Bob `key XOR cipher`, spec §11.2, §11.4); under `short-key` both
 * networks are keystream generators on the key and a step counter, their outputs XOR-ed into the
 * data (docs/scoring.md §2). Implemented over BiSUNA networks ({@link modulesCipherPair}); tests
 * also plug in ideal or broken ciphers.
 */
export interface CipherPair {
  readonly payloadWords: number;
  /** Alice then Bob, step by step, over each job. */
  roundTrip(jobs: readonly CipherJob[]): RoundTrip[];
  /** Alice alone over each job. */
  encrypt(jobs: readonly CipherJob[]): Uint16Array[];
  /** Bob alone over each job, whose `plain` holds a ciphertext: his decryption with its key. */
  decrypt(jobs: readonly CipherJob[]): Uint16Array[];
}
