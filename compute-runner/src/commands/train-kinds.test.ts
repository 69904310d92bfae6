import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidOfBytes } from '@tem/core/ipfs';
import { parseNetworkResultManifest } from '@tem/core/task';
import { main } from '../cli.js';

const EXAMPLES = resolve(fileURLToPath(import.meta.url), '../../../examples');
const SEED = `0x${'5a'.repeat(32)}`;

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

async function tem(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tem-train-kinds-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The 3-multiplexer version of the example spec (8 cases: a run takes a fraction of a second). */
async function smallMultiplexer(): Promise<string> {
  const spec = JSON.parse(await readFile(join(EXAMPLES, 'multiplexer-spec.json'), 'utf8'));
  spec.environment.addressBits = 1;
  Object.assign(spec.training, { population: 20, noveltyMapSize: 4, initialMutations: 30 });
  const file = join(dir, 'mux3.json');
  await writeFile(file, JSON.stringify(spec));
  return file;
}

describe('tem train and tem score on every kind', () => {
  for (const [example, task] of [
    ['multiplexer-spec.json', '11-multiplexer'],
    ['double-pole-spec.json', 'double pole without velocities \\(raw\\)'],
  ] as const) {
    it(`trains from ${example} and writes a network bundle tem score takes`, async () => {
      const spec = join(EXAMPLES, example);
      const out = join(dir, example);
      const r = await tem(
        'train',
        '--config',
        spec,
        '--out',
        out,
        '--generations',
        '2',
        '--seed',
        '3',
        '--threads',
        '2',
      );
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(
        new RegExp(`seed 3, ${task}, population 100, 2 generations, 2 threads`),
      );
      expect(r.err).toMatch(/finished at generation 2 \(200 evaluations/);
      expect((await readdir(out)).sort()).toEqual([
        'checkpoint.json',
        'manifest.json',
        'network.dat',
        'training.json',
      ]);
      const lines = r.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.generation, l.evaluations])).toEqual([
        [1, 100],
        [2, 200],
      ]);
      const manifest = parseNetworkResultManifest(
        JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')),
      );
      expect(manifest).toMatchObject({
        taskId: '0',
        network: 0,
        specCid: (await cidOfBytes(new Uint8Array(await readFile(spec)))).toString(),
        training: { seed: '3', generations: 2 },
      });
      const scored = await tem('score', '--spec', spec, '--result', out, '--seed', SEED, '--json');
      expect(scored.err).toBe('');
      expect(scored.code).toBe(0);
      expect(JSON.parse(scored.out)).toMatchObject({
        score: expect.stringMatching(/^\d+$/),
        formulaVersion: 1,
      });
      const table = await tem('score', '--spec', spec, '--result', out, '--seed', SEED);
      expect(table.out).toMatch(/^score \d+ \(formula v1; /);
    });
  }

  it('solves the 3-multiplexer and scores the bundle as perfect', async () => {
    const spec = await smallMultiplexer();
    const out = join(dir, 'mux3');
    const r = await tem('train', '--config', spec, '--out', out, '--seed', '3', '--threads', '1');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/solved at generation \d+ .*all 8 cases right first at generation/);
    const scored = await tem('score', '--spec', spec, '--result', out, '--seed', SEED, '--json');
    expect(JSON.parse(scored.out).terms).toMatchObject({ perfect: 1, correct: 8, cases: 8 });
  });

  it('resumes a run of another kind to exactly the uninterrupted run', async () => {
    const spec = await smallMultiplexer();
    const noSolve = JSON.parse(await readFile(spec, 'utf8'));
    noSolve.environment.addressBits = 2;
    await writeFile(spec, JSON.stringify(noSolve));
    const run = (out: string, ...more: string[]) =>
      tem('train', '--out', out, '--seed', '8', '--threads', '1', ...more);
    const straight = join(dir, 'straight');
    expect((await run(straight, '--config', spec, '--generations', '6')).code).toBe(0);
    const resumed = join(dir, 'resumed');
    expect((await run(resumed, '--config', spec, '--generations', '3')).code).toBe(0);
    const again = await run(resumed, '--resume', '--generations', '6');
    expect(again.err).toMatch(/resuming at generation 3/);
    const files = async (out: string) => {
      const summary = JSON.parse(await readFile(join(out, 'training.json'), 'utf8'));
      delete summary.seconds;
      return {
        summary: { ...summary, solvedAt: null },
        dat: await readFile(join(out, 'network.dat')),
      };
    };
    expect(await files(resumed)).toEqual(await files(straight));
  });

  it('refuses --key-regime for a kind without keys, and a spec of no known kind', async () => {
    const spec = await smallMultiplexer();
    const keys = await tem(
      'train',
      '--config',
      spec,
      '--out',
      join(dir, 'k'),
      '--key-regime',
      'otp',
    );
    expect(keys.code).toBe(2);
    expect(keys.err).toContain('--key-regime is for the cipher, not bisuna-multiplexer');
    const unknown = join(dir, 'unknown.json');
    await writeFile(unknown, JSON.stringify({ kind: 'bisuna-sudoku' }));
    const r = await tem('train', '--config', unknown, '--out', join(dir, 'u'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('kind "bisuna-sudoku" is not a task kind');
    const bad = JSON.parse(await readFile(spec, 'utf8'));
    bad.environment.addressBits = 9;
    await writeFile(unknown, JSON.stringify(bad));
    const invalid = await tem('train', '--config', unknown, '--out', join(dir, 'v'));
    expect(invalid.code).toBe(1);
    expect(invalid.err).toMatch(/environment\.addressBits/);
  });
});
