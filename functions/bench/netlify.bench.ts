/**
 * What Netlify deploys, measured: runs `netlify build --offline` (netlify-cli from
 * scripts/platform-tools.ts) on a copy of the tree, then prints each function's zip size and how
 * long importing the module its entry point names takes in a fresh Node 22 process (the
 * Netlify runtime) and in this Node, median of several runs.
 *
 * @example
 * npm run bench:netlify -w functions            # 7 imports per function and Node
 * npm run bench:netlify -w functions -- --runs 3
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { copyRepository } from '../../scripts/repo-copy.js';
import { netlifyCli, node22 } from '../../scripts/platform-tools.js';
import { REPO_ROOT } from '@tem/testkit/paths';

const run = promisify(execFile);
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs '${values.runs}' is not a positive whole number`);
  process.exit(2);
}

/** Milliseconds to import `module` in a new `node` process (module evaluation included). */
async function importMs(node: string, module: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(module)}); console.log(performance.now() - t);`;
  const { stdout } = await run(node, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '' },
  });
  return Number(stdout.trim());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const [cli, node] = await Promise.all([netlifyCli(), node22()]);
const copy = await copyRepository(REPO_ROOT, 'tem-netlify-bench-');
try {
  const started = performance.now();
  await run(node, [cli, 'build', '--offline', '--filter', '@tem/web'], {
    cwd: copy,
    env: {
      ...process.env,
      PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
      NETLIFY_TELEMETRY_DISABLED: '1',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  console.log(`netlify build --offline: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const out = path.join(copy, 'web/.netlify/functions');
  const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as {
    functions: { name: string; path: string }[];
  };
  console.log(
    `${'function'.padEnd(10)} ${'zip'.padStart(9)} ${'module'.padStart(9)}  import (median of ${runs}): Node ${(await run(node, ['--version'])).stdout.trim()} / ${process.version}`,
  );
  for (const fn of manifest.functions.sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.join(copy, 'unzipped', fn.name);
    await mkdir(dir, { recursive: true });
    await run('unzip', ['-q', fn.path, '-d', dir]);
    const entry = await readFile(path.join(dir, '___netlify-entry-point.mjs'), 'utf8');
    const module = path.join(dir, /getLambdaHandler\('([^']+)'\)/.exec(entry)![1]!);
    const times22: number[] = [];
    const times20: number[] = [];
    for (let i = 0; i < runs; i++) {
      times22.push(await importMs(node, module));
      times20.push(await importMs(process.execPath, module));
    }
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    console.log(
      `${fn.name.padEnd(10)} ${kb((await stat(fn.path)).size).padStart(9)} ${kb((await stat(module)).size).padStart(9)}  ${median(times22).toFixed(0)} ms / ${median(times20).toFixed(0)} ms`,
    );
  }
} finally {
  await rm(copy, { recursive: true, force: true });
}
