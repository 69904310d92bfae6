import type { VerifiedFetch } from '../ipfs/verified-fetch.js';
import type { AnyTaskSpec } from '../kinds/registry.js';
import { parseKnownTaskSpecJson } from '../kinds/specs/index.js';
import { MAX_SPEC_BYTES } from './limits.js';

/**
 * The task spec at `cid` (of any registered kind), read within MAX_SPEC_BYTES with every block
 * verified, and validated by its kind's schema. Throws the IPFS layer's errors, or
 * TaskDocumentError naming the field (an unknown kind is an issue at path `kind`).
 */
export async function fetchTaskSpec(
  ipfs: VerifiedFetch,
  cid: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<AnyTaskSpec> {
  return parseKnownTaskSpecJson(await ipfs.text(cid, { ...options, maxBytes: MAX_SPEC_BYTES }));
}
