import type { SpecEnvelope } from '../kinds/kind.js';

/** Largest result bundle any scorer reads (its scored files together), whatever a spec allows. */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/** Largest test file fetched (test files are images and binary streams), whatever a kind allows. */
export const MAX_TEST_FILE_BYTES = 16 * 1024 * 1024;

/** Largest task spec read (specs are small JSON documents). */
export const MAX_SPEC_BYTES = 256 * 1024;

/** Largest listing of a bundle's folder (a handful of names). */
export const MAX_BUNDLE_LISTING_BYTES = 1024 * 1024;

/** Allowance over a file's size for the CAR framing and DAG nodes of its download. */
export const CAR_OVERHEAD_BYTES = 64 * 1024;

/**
 * The most bytes a bundle's scored files may hold together: the spec's `scoring.maxBundleBytes`,
 * capped by {@link MAX_BUNDLE_BYTES} and by a deployment's own `cap`, if it sets a lower one.
 */
export function bundleLimit(spec: Pick<SpecEnvelope, 'scoring'>, cap = MAX_BUNDLE_BYTES): number {
  return Math.min(spec.scoring.maxBundleBytes, MAX_BUNDLE_BYTES, cap);
}
