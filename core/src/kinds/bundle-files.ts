import { BundleError } from '../scoring/errors.js';
import type { BundleFiles } from './kind.js';

/** The schema id of `training.json`, the summary every kind's run writes. */
export const TRAINING_HISTORY_SCHEMA = 'tem/bisuna-training';

/** The manifest's name in every kind's bundle. */
export const MANIFEST_FILE = 'manifest.json';

/**
 * How a bundle's manifest names its networks: the cipher's `pair` (alice.dat and bob.dat), or the
 * single-network kinds' `network` (network.dat).
 */
export type BundleLayout = 'pair' | 'network';

const LAYOUTS: Record<BundleLayout, string> = {
  pair: "a cipher task's bundle (its manifest names a `pair` in alice.dat and bob.dat)",
  network:
    "a single-network task's bundle (bisuna-multiplexer, bisuna-double-pole: its manifest names a `network` in network.dat)",
};

/** The layout a manifest's JSON has, if it has exactly one of them. */
function layoutOf(text: string): BundleLayout | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const has = (key: string) => Object.hasOwn(value, key);
  if (has('pair') && !has('network')) return 'pair';
  if (has('network') && !has('pair')) return 'network';
  return undefined;
}

/**
 * The bundle's manifest, parsed by the kind's `parse`: a missing manifest is `missing-file`; one
 * of another kind's layout than `expected` is `wrong-shape`, saying so; any other invalid one
 * `corrupt-dat` (the message names the field).
 */
export function bundleManifest<T>(
  files: BundleFiles,
  parse: (text: string) => T,
  expected?: BundleLayout,
): T {
  const bytes = files.get(MANIFEST_FILE);
  if (!bytes || bytes.length === 0) {
    throw new BundleError('missing-file', `${MANIFEST_FILE} is missing or empty`);
  }
  const text = new TextDecoder().decode(bytes);
  try {
    return parse(text);
  } catch (error) {
    const layout = expected && layoutOf(text);
    if (layout && layout !== expected) {
      throw new BundleError(
        'wrong-shape',
        `${MANIFEST_FILE} is ${LAYOUTS[layout]}, but this task needs ${LAYOUTS[expected]}: score a bundle against its own task's spec`,
        { cause: error },
      );
    }
    throw new BundleError('corrupt-dat', (error as Error).message, { cause: error });
  }
}

/** The manifest as pretty JSON bytes, as bundles store it. */
export function manifestBytes(manifest: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`);
}
