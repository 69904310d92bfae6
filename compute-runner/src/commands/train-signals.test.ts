import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEM_BIN } from '../test-support/runner-process.js';

/**
 * A population large enough that one generation takes seconds: a run that only looked at its
 * signal between generations would finish the first one (and print its progress line) first.
 */
const huge = {
  population: 4000,
  noveltyMapSize: 20,
  initialMutations: 30,
  testStreams: 2,
  generations: 5,
};

let dir: string;
let config: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tem-train-signals-'));
  config = join(dir, 'huge.json');
  await writeFile(config, JSON.stringify(huge));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `tem <args>` as a child process and resolves with its exit code and output. */
function tem(args: string[], signal?: NodeJS.Signals) {
  const child = spawn(process.execPath, [TEM_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    const before = stderr;
    stderr += chunk.toString();
    // Once the run is announced (a resumed one has read its checkpoint by then).
    const announced = (text: string) => /tem train: seed/.test(text);
    if (signal && !announced(before) && announced(stderr)) child.kill(signal);
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('tem train under a signal', () => {
  it.each([
    ['SIGINT', 1],
    ['SIGTERM', 2],
  ] as const)(
    'on %s with %i thread(s) during a generation, abandons it, saves the last complete state and exits 130',
    async (signal, threads) => {
      const out = join(dir, `${signal}-${threads}`);
      const start = ['train', '--config', config, '--out', out, '--seed', '3'];
      expect((await tem([...start, '--generations', '0', '--threads', '1'])).code).toBe(0);
      const resume = ['train', '--out', out, '--resume', '--threads', `${threads}`];
      const r = await tem([...resume, '--generations', '5'], signal);
      expect(r.stderr).toMatch(/resuming at generation 0/);
      expect(r.stderr).toMatch(/interrupted; checkpoint saved/);
      expect(r.code).toBe(130);
      // No generation was completed: the first one was abandoned, not waited for.
      expect(r.stdout.trim()).toBe('');
      const checkpoint = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8'));
      expect(checkpoint).toMatchObject({ abGeneration: 0, tick: 0, seed: 3 });
      const summary = JSON.parse(await readFile(join(out, 'training.json'), 'utf8'));
      expect(summary.stopped).toBe('aborted');
    },
  );

  it('on SIGINT while the first populations are built, saves them before any generation and exits 130', async () => {
    const out = join(dir, 'fresh');
    const r = await tem(
      ['train', '--config', config, '--out', out, '--seed', '3', '--threads', '1'],
      'SIGINT',
    );
    expect(r.code).toBe(130);
    expect(r.stdout.trim()).toBe('');
    const checkpoint = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8'));
    expect(checkpoint).toMatchObject({ abGeneration: 0, tick: 0 });
  });
});
