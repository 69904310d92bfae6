/**
 * Scoring inputs, fetched one way with one set of limits by every scorer (the verifier,
 * `tem score`, the site's re-check): a task spec by CID, and a submission's bundle files and the
 * spec's test files, every block verified against its CID. Typed errors; callers word them.
 *
 * @example
 * import { fetchScoringInputs, fetchTaskSpec } from '@tem/core/scoring-inputs';
 * const spec = await fetchTaskSpec(ipfs, specCid);
 * const { kind, files, testFiles } = await fetchScoringInputs(ipfs, { spec, bundle: resultCid });
 */
export * from './errors.js';
export * from './limits.js';
export {
  fetchScoringInputs,
  type ScoringInputs,
  type ScoringInputsRequest,
} from './fetch-inputs.js';
export { fetchTaskSpec } from './fetch-spec.js';
export {
  ipfsBundle,
  type BundleEntry,
  type BundleSource,
  type IpfsBundleOptions,
} from './bundle-source.js';
