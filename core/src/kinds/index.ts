/**
 * Task kinds: the contract is kind-agnostic; a spec's `kind` picks a {@link TaskKind} that says
 * how to validate the spec, train, check and score a bundle, and show both. Every runner, the
 * verifier and the site dispatch through {@link kindOf}.
 *
 * @example
 * import { kindOf, parseAnyTaskSpecJson } from '@tem/core/kinds';
 * const spec = parseAnyTaskSpecJson(await response.text());
 * const kind = kindOf(spec);
 * kind.checkBundle(spec, files); // BundleError when it cannot be scored
 * const report = await kind.score({ spec, files, testSeed, testFiles: new Map() });
 */
export * from './kind.js';
export * from './registry.js';
export {
  MANIFEST_FILE,
  TRAINING_HISTORY_SCHEMA,
  bundleManifest,
  manifestBytes,
} from './bundle-files.js';
export { cipherKind } from './cipher/index.js';
export { cipherProgress, cipherTrainingSummary } from './cipher/training.js';
export type { CipherReplay } from './cipher/replay.js';
export * from './multiplexer/index.js';
export * from './double-pole/index.js';
export { NETWORK_BUNDLE, loadNetwork, type LoadedNetwork } from './network/bundle.js';
