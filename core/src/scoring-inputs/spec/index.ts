/**
 * The task spec by CID alone, without the kinds' scorers (for bundles that only read specs, such
 * as the task detail endpoint): same limit and parser as `@tem/core/scoring-inputs`.
 */
export { fetchTaskSpec } from '../fetch-spec.js';
export { MAX_SPEC_BYTES } from '../limits.js';
