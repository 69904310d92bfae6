import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The rules of the current Fleek CLI (`@fleek-platform/cli`, `src/utils/configuration`): it looks
 * for `fleek.config.ts`, then `.js`, then `.json` in the working directory (the first one wins);
 * the root object holds `sites`, an array with one site's configuration at most; a site has a
 * `slug` (the site's unique word-sequence identifier), a `distDir` to upload, and an optional
 * `buildCommand` run before the upload.
 */
function checkFleekConfig(value: unknown): string[] {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ['root must be an object'];
  const root = value as Record<string, unknown>;
  for (const key of Object.keys(root))
    if (key !== 'sites') problems.push(`unknown root key ${key}`);
  if (!Array.isArray(root.sites)) return [...problems, 'sites must be an array'];
  if (root.sites.length !== 1)
    problems.push(`sites must hold exactly one site, has ${root.sites.length}`);
  for (const [i, site] of root.sites.entries()) {
    if (typeof site !== 'object' || site === null) {
      problems.push(`sites.${i} must be an object`);
      continue;
    }
    const s = site as Record<string, unknown>;
    for (const key of Object.keys(s)) {
      if (!['slug', 'distDir', 'buildCommand'].includes(key))
        problems.push(`sites.${i}: unknown key ${key}`);
    }
    if (typeof s.slug !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(s.slug)) {
      problems.push(`sites.${i}.slug must be lowercase words joined by hyphens`);
    }
    if (typeof s.distDir !== 'string' || s.distDir.length === 0)
      problems.push(`sites.${i}.distDir is required`);
    if (
      s.buildCommand !== undefined &&
      (typeof s.buildCommand !== 'string' || !s.buildCommand.trim())
    ) {
      problems.push(`sites.${i}.buildCommand must be a non-empty string when present`);
    }
  }
  return problems;
}

describe('fleek.config.json', () => {
  it('follows the Fleek CLI configuration rules', async () => {
    const config = JSON.parse(await readFile(path.join(repoRoot, 'fleek.config.json'), 'utf8'));
    expect(checkFleekConfig(config)).toEqual([]);
  });

  it('is the file the CLI picks: no fleek.config.ts or .js shadows it', async () => {
    for (const name of ['fleek.config.ts', 'fleek.config.js']) {
      await expect(access(path.join(repoRoot, name))).rejects.toThrow();
    }
  });

  it('points distDir at the web build output and builds it with the workspace script', async () => {
    const config = JSON.parse(await readFile(path.join(repoRoot, 'fleek.config.json'), 'utf8'));
    const site = config.sites[0];
    expect(path.resolve(repoRoot, site.distDir)).toBe(path.join(repoRoot, 'web', 'dist'));
    expect(site.buildCommand).toContain('npm run build -w web');
    const webPackage = JSON.parse(await readFile(path.join(repoRoot, 'web/package.json'), 'utf8'));
    expect(webPackage.scripts.build).toBeTruthy();
  });

  it('rejects configurations the CLI rejects', () => {
    expect(checkFleekConfig({ sites: [] })).not.toEqual([]);
    expect(
      checkFleekConfig({
        sites: [
          { slug: 'a', distDir: 'x' },
          { slug: 'b', distDir: 'y' },
        ],
      }),
    ).not.toEqual([]);
    expect(checkFleekConfig({ sites: [{ slug: 'Bad Slug', distDir: 'dist' }] })).not.toEqual([]);
    expect(checkFleekConfig({ sites: [{ slug: 'ok-slug' }] })).not.toEqual([]);
    expect(checkFleekConfig({ sites: [{ slug: 'ok-slug', distDir: 'dist' }] })).toEqual([]);
  });
});
