import { AbiCoder, getAddress, keccak256 } from 'ethers';
import { MarketInputError } from './errors.js';

/** Most verifiers a task may name (TaskMarket's `MAX_VERIFIERS`). */
export const MAX_VERIFIERS = 7;

/**
 * A verifier list as TaskMarket wants it: checksummed, strictly ascending (so duplicates are
 * refused), 1 to 7 addresses, none of them zero.
 *
 * @example
 * const verifiers = sortVerifiers([b, a, c]); // [a, b, c] by address
 */
export function sortVerifiers(verifiers: readonly string[]): string[] {
  if (verifiers.length === 0 || verifiers.length > MAX_VERIFIERS) {
    throw new MarketInputError(
      `a task names 1 to ${MAX_VERIFIERS} verifiers, got ${verifiers.length}`,
    );
  }
  const sorted = verifiers
    .map((v) => {
      try {
        return getAddress(v);
      } catch (err) {
        throw new MarketInputError(`verifier is not an address: ${JSON.stringify(v)}`, {
          cause: err,
        });
      }
    })
    .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  sorted.forEach((v, i) => {
    if (BigInt(v) === 0n) throw new MarketInputError('a verifier is the zero address');
    if (i > 0 && v === sorted[i - 1]) throw new MarketInputError(`verifier ${v} is named twice`);
  });
  return sorted;
}

/** The hash TaskMarket stores for a verifier list: `keccak256(abi.encode(address[]))`. */
export function hashVerifierSet(verifiers: readonly string[]): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(['address[]'], [verifiers.map((v) => getAddress(v))]),
  );
}
