import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from '../errors.js';

/** The benchmarks' reference data (`../shared/data` beside the repository) cannot be read. */
export class SharedDataError extends CliError {
  override name = 'SharedDataError';
}

/**
 * The repository root: the nearest folder at or above `from` whose package.json declares the npm
 * workspaces. Found by walking up because this module runs from `src/bench/` (sources) and from
 * `dist/` (the esbuild bundle), at different depths.
 */
export function findRepoRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (declaresWorkspaces(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function declaresWorkspaces(file: string): boolean {
  try {
    return 'workspaces' in (JSON.parse(readFileSync(file, 'utf8')) as object);
  } catch {
    return false;
  }
}

/** `../shared/data` beside the repository this module belongs to; throws SharedDataError. */
export function sharedDataDir(from = path.dirname(fileURLToPath(import.meta.url))): string {
  const root = findRepoRoot(from);
  if (!root) {
    throw new SharedDataError(
      `no repository found above ${from}: the benchmark data is read from ../shared/data beside it`,
    );
  }
  return path.resolve(root, '../shared/data');
}

/**
 * The bytes of `relative` (e.g. `nist/e.msb.bin`) in {@link sharedDataDir}. Throws SharedDataError
 * naming the full path when it is missing or unreadable.
 */
export async function readSharedData(relative: string, dir = sharedDataDir()): Promise<Uint8Array> {
  const file = path.join(dir, relative);
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : `unreadable (${code ?? String(error)})`;
    throw new SharedDataError(
      `${file} ${why}: the benchmarks read ../shared/data beside the repository`,
    );
  }
}
