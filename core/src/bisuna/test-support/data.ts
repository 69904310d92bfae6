/* eslint-disable no-restricted-imports -- test-only helper (reads the shared reference data), never imported by library code */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `../shared/data/bisuna` relative to the repository root. */
export const BISUNA_DATA = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../..',
  '../shared/data/bisuna',
);

/** Reads a file of the shared BiSUNA reference data. */
export function readData(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(BISUNA_DATA, relative)));
}

/** Index of the first differing element (or length difference), -1 when equal. Fast on big arrays. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
