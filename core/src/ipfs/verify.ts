import type { CID } from 'multiformats/cid';
import { identity } from 'multiformats/hashes/identity';
import { sha256 } from 'multiformats/hashes/sha2';
import type { BlockSource } from './block-store.js';
import { BlockVerificationError, UnsupportedHashError } from './errors.js';

/** Largest block we accept anywhere (Kubo's bitswap limit is 2 MiB; 4 MiB leaves headroom). */
export const MAX_BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * Checks that `bytes` hash to `cid` (sha2-256 or identity multihash), or throws
 * {@link BlockVerificationError}. Unknown hash functions throw {@link UnsupportedHashError}.
 *
 * @example await verifyBlock(cid, bytes) // resolves only when the bytes are the block
 */
export async function verifyBlock(cid: CID, bytes: Uint8Array): Promise<void> {
  if (bytes.length > MAX_BLOCK_BYTES) {
    throw new BlockVerificationError(cid.toString(), `block of ${bytes.length} bytes is too large`);
  }
  const code = cid.multihash.code;
  let digest: Uint8Array;
  if (code === sha256.code) digest = (await sha256.digest(bytes)).digest;
  else if (code === identity.code) digest = identity.digest(bytes).digest;
  else {
    throw new UnsupportedHashError(
      `CID ${cid.toString()} uses multihash 0x${code.toString(16)}; only sha2-256 and identity are verified`,
    );
  }
  if (!equalBytes(digest, cid.multihash.digest)) throw new BlockVerificationError(cid.toString());
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Wraps an untrusted block source so every block it returns is checked against its CID first
 * ({@link BlockVerificationError} otherwise).
 *
 * @example const walker = listDirectory(root, verifyingSource(untrustedCache))
 */
export function verifyingSource(source: BlockSource): BlockSource {
  return {
    async get(cid, options) {
      const bytes = await source.get(cid, options);
      await verifyBlock(cid, bytes);
      return bytes;
    },
  };
}
