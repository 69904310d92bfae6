import { BundleError } from '../scoring/errors.js';
import type { BundleFiles } from './kind.js';

/** The schema id of `training.json`, the summary every kind's run writes. */
export const TRAINING_HISTORY_SCHEMA = 'tem/bisuna-training';

/** The manifest's name in every kind's bundle. */
export const MANIFEST_FILE = 'manifest.json';

/**
 * The bundle's manifest, parsed by the kind's `parse`: a missing manifest is `missing-file`, an
 * invalid one `corrupt-dat` (the message names the field).
 */
export function bundleManifest<T>(files: BundleFiles, parse: (text: string) => T): T {
  const bytes = files.get(MANIFEST_FILE);
  if (!bytes || bytes.length === 0) {
    throw new BundleError('missing-file', `${MANIFEST_FILE} is missing or empty`);
  }
  try {
    return parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new BundleError('corrupt-dat', (error as Error).message, { cause: error });
  }
}

/** The manifest as pretty JSON bytes, as bundles store it. */
export function manifestBytes(manifest: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`);
}
