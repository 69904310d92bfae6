import { sha256 } from 'ethers';
import type { Scorer } from '../verify/scorer.js';

/**
 * A small deterministic scorer for tests, used ONLY until `@tem/core/scoring` lands: the score is
 * a hash of (alice, bob, test seed) reduced to 0..999999, so it depends on exactly what the real
 * scorer depends on. Throws a `BundleError` for empty agents, as the real one does for bad bundles.
 */
export const tinyScorer: Scorer = async (input) => {
  if (input.alice.byteLength === 0 || input.bob.byteLength === 0) {
    const error = new Error('alice.dat or bob.dat is empty');
    error.name = 'BundleError';
    throw error;
  }
  const bytes = new Uint8Array(input.alice.byteLength + input.bob.byteLength + 32);
  bytes.set(input.alice, 0);
  bytes.set(input.bob, input.alice.byteLength);
  bytes.set(
    Buffer.from(input.testSeed.slice(2), 'hex'),
    input.alice.byteLength + input.bob.byteLength,
  );
  const score = BigInt(sha256(bytes)) % 1_000_000n;
  return { score, terms: { fixture: Number(score) / 1e6 }, formulaVersion: 0 };
};
