// Whether compute-runner/dist is the build of the sources beside it, and rebuilding it when not.
// Plain JavaScript: it runs before any TypeScript loader, on every `tem` start (a few ms).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('..', import.meta.url);
export const DIST_ENTRY = new URL('../dist/tem.mjs', import.meta.url);
const BUILD_INFO = new URL('../dist/build-info.json', import.meta.url);
const LOCK = new URL('../dist/.rebuild.lock', import.meta.url);
/** A lock older than this was left by a build that died. */
const LOCK_STALE_MS = 120_000;

/**
 * Why dist/ cannot be used as it is (`'missing'`, or the first source file newer than the build),
 * or undefined when it is the build of the current sources.
 *
 * @returns {string | undefined}
 */
export function staleReason() {
  let info;
  try {
    info = JSON.parse(readFileSync(BUILD_INFO, 'utf8'));
    statSync(DIST_ENTRY);
  } catch {
    return 'missing';
  }
  for (const input of info.inputs) {
    let mtime;
    try {
      mtime = statSync(new URL(input, ROOT)).mtimeMs;
    } catch {
      return `${input} is gone`;
    }
    if (mtime > info.builtAt) return `${input} changed`;
  }
  return undefined;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes the rebuild lock, or waits while another `tem` holds it; true when this process holds it. */
function takeLock() {
  mkdirSync(new URL('../dist/', import.meta.url), { recursive: true });
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      return true;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let age;
    try {
      age = Date.now() - statSync(LOCK).mtimeMs;
    } catch {
      continue;
    }
    if (age > LOCK_STALE_MS) {
      rmSync(LOCK, { force: true });
      continue;
    }
    sleep(100);
    if (staleReason() === undefined) return false;
  }
}

/**
 * Rebuilds dist/ (esbuild, through `scripts/build.ts`), one `tem` at a time; others wait and use its
 * build. Returns the build's error output when it failed.
 *
 * @returns {{ ok: true } | { ok: false, output: string }}
 */
export function rebuild() {
  if (!takeLock()) return { ok: true };
  try {
    if (staleReason() === undefined) return { ok: true };
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
      cwd: fileURLToPath(ROOT),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (result.status === 0) return { ok: true };
    return { ok: false, output: `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim() };
  } finally {
    rmSync(LOCK, { force: true });
  }
}
