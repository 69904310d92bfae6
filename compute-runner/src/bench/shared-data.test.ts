import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findRepoRoot, readSharedData, sharedDataDir, SharedDataError } from './shared-data.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('shared benchmark data', () => {
  it('finds ../shared/data from the sources and from the bundle folder alike', () => {
    const expected = path.resolve(repoRoot, '../shared/data');
    expect(sharedDataDir(path.join(repoRoot, 'compute-runner/src/bench'))).toBe(expected);
    expect(sharedDataDir(path.join(repoRoot, 'compute-runner/dist'))).toBe(expected);
  });

  it('names the folder when no repository is above it', async () => {
    const lone = await mkdtemp(path.join(tmpdir(), 'tem-shared-'));
    expect(findRepoRoot(lone)).toBeUndefined();
    expect(() => sharedDataDir(lone)).toThrow(SharedDataError);
    expect(() => sharedDataDir(lone)).toThrow(lone);
  });

  it('names the missing file with its full path', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'tem-shared-'));
    await mkdir(path.join(root, 'repo/dist'), { recursive: true });
    await writeFile(path.join(root, 'repo/package.json'), '{"workspaces":["a"]}');
    const dir = sharedDataDir(path.join(root, 'repo/dist'));
    expect(dir).toBe(path.join(root, 'shared/data'));
    await expect(readSharedData('nist/e.msb.bin', dir)).rejects.toThrow(
      `${path.join(root, 'shared/data/nist/e.msb.bin')} not found`,
    );
  });
});
