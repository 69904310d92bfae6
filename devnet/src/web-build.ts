import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './config.js';
import { DevnetError } from './errors.js';
import type { Supervisor } from './supervisor.js';

/** The sources the site is built from. */
export const WEB_SOURCES = ['web/src', 'web/scripts', 'core/src'].map((dir) =>
  path.join(repoRoot, dir),
);

/** Newest modification time (ms) of the non-test files under `dirs`; 0 when there are none. */
export async function newestSourceTime(dirs: string[]): Promise<number> {
  let newest = 0;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir, { recursive: true });
    } catch {
      continue;
    }
    for (const name of names) {
      if (/\.test\.tsx?$/.test(name)) continue;
      const info = await stat(path.join(dir, name)).catch(() => undefined);
      if (info?.isFile() && info.mtimeMs > newest) newest = info.mtimeMs;
    }
  }
  return newest;
}

/** Why `distDir` must be (re)built, or undefined when it is up to date with `sources`. */
export async function staleReason(distDir: string, sources: string[]): Promise<string | undefined> {
  const built = await stat(path.join(distDir, 'index.html')).catch(() => undefined);
  if (!built) return 'there is no build yet';
  if ((await newestSourceTime(sources)) > built.mtimeMs)
    return 'its sources changed since the last build';
  return undefined;
}

/**
 * Builds the site into `distDir` (web/scripts/build.ts with TEM_WEB_DIST_DIR, as a supervised
 * child; its own folder, so it never races `npm run build -w web` into web/dist) when the build
 * is missing or older than its sources. Returns what it did, for the start-up summary.
 */
export async function ensureWebBuild(
  supervisor: Supervisor,
  distDir: string,
  onBuild: (why: string) => void = () => {},
  buildScript = path.join(repoRoot, 'web/scripts/build.ts'),
): Promise<string> {
  const shown = path.relative(repoRoot, distDir).startsWith('..')
    ? distDir
    : path.relative(repoRoot, distDir);
  const reason = await staleReason(distDir, WEB_SOURCES);
  if (!reason) return `the site build in ${shown} is up to date`;
  onBuild(reason);
  const started = Date.now();
  const build = await supervisor.start({
    name: 'build',
    command: process.execPath,
    args: ['--import', 'tsx', buildScript],
    cwd: repoRoot,
    env: { TEM_WEB_DIST_DIR: distDir },
    expectExit: true,
  });
  const { code, signal } = await build.exited;
  if (code !== 0) {
    throw new DevnetError(
      'build',
      `building the site failed (${signal ? `signal ${signal}` : `code ${code}`}); run 'npm run build -w web' to see why`,
    );
  }
  if (await staleReason(distDir, []))
    throw new DevnetError('build', `the build produced no ${shown}/index.html`);
  return `built the site into ${shown} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
}
