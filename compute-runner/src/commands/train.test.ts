import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPopulation } from '@tem/core/bisuna';
import { cidOfBytes } from '@tem/core/ipfs';
import {
  LIGHT_SCORING,
  QUICK_TRAINING,
  defaultTaskSpec,
  parseNetworkResultManifest,
  parseResultManifestJson,
} from '@tem/core/task';
import { main } from '../cli.js';
import { train } from './train.js';

const tiny = {
  population: 12,
  noveltyMapSize: 4,
  initialMutations: 30,
  steps: 24,
  eveAdvantage: 6,
  evePretrainGenerations: 2,
  numGensMaxExpectedReward: 1,
  preTrainAB: false,
  testStreams: 2,
  generations: 6,
};

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
let config: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tem-train-'));
  config = join(dir, 'tiny.json');
  await writeFile(config, JSON.stringify(tiny));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The reproducible content of an output folder (wall-clock fields dropped). */
async function outputs(out: string) {
  const summary = JSON.parse(await readFile(join(out, 'training.json'), 'utf8'));
  delete summary.seconds;
  delete summary.threads;
  if (summary.solvedAt) summary.solvedAt.seconds = 0;
  const dat = await Promise.all(
    ['alice.dat', 'bob.dat', 'eve.dat'].map((f) => readFile(join(out, f))),
  );
  return { summary, dat };
}

describe('tem train', () => {
  it('trains, prints JSON progress lines off a TTY, and writes reference .dat files and training.json', async () => {
    const out = join(dir, 'straight');
    const r = await tem(
      'train',
      '--config',
      config,
      '--out',
      out,
      '--seed',
      '11',
      '--threads',
      '1',
    );
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.generation)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lines[5]).toMatchObject({ generations: 6, eveGenerations: expect.any(Number) });
    expect(lines[5]).toHaveProperty('generationsPerSecond');
    expect(lines[5]).toHaveProperty('etaSeconds');
    expect(r.err).toMatch(/seed 11, short-key, population 12/);
    const { summary, dat } = await outputs(out);
    expect(summary).toMatchObject({
      schema: 'tem/bisuna-training',
      seed: 11,
      generations: 6,
      stopped: 'generations',
    });
    expect(summary.history).toHaveLength(6);
    const alice = readPopulation(new Uint8Array(dat[0]!));
    expect(alice.cells).toHaveLength(12);
    expect(alice.config).toMatchObject({ obs: 4, actions: 3, population: 12, mapSize: 4 }); // short-key: 3 key inputs + the step counter
    expect(readPopulation(new Uint8Array(dat[2]!)).cells[0]!.module.params).toMatchObject({
      nInputs: 9,
      nOutputs: 1,
    });
  });

  it('resumes from a checkpoint to exactly the uninterrupted run, whatever the thread count', async () => {
    const out = join(dir, 'resumed');
    expect(
      (
        await tem(
          'train',
          '--config',
          config,
          '--out',
          out,
          '--seed',
          '11',
          '--generations',
          '3',
          '--threads',
          '1',
        )
      ).code,
    ).toBe(0);
    const r = await tem('train', '--out', out, '--resume', '--threads', '2');
    expect(r.err).toMatch(/resuming at generation 3/);
    expect(r.code).toBe(0);
    expect(await outputs(out)).toEqual(await outputs(join(dir, 'straight')));
  });

  it('saves a checkpoint when interrupted and resumes from it with nothing lost', async () => {
    const out = join(dir, 'interrupted');
    const controller = new AbortController();
    const stdout = capture();
    stdout.stream.on('data', () => controller.abort());
    const code = await train.run({
      values: { config, out, seed: '11', threads: '1', 'checkpoint-every': '100' },
      positionals: [],
      stdout: stdout.stream,
      stderr: capture().stream,
      env: {},
      signal: controller.signal,
    });
    expect(code).toBe(130);
    const saved = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8'));
    expect(saved.abGeneration).toBeGreaterThanOrEqual(1);
    expect(saved.abGeneration).toBeLessThan(6);
    expect((await tem('train', '--out', out, '--resume')).code).toBe(0);
    expect(await outputs(out)).toEqual(await outputs(join(dir, 'straight')));
  });

  it('takes the training parameters of a task spec JSON', async () => {
    const spec = join(dir, 'spec.json');
    const task = defaultTaskSpec({
      verifierUrl: 'https://verifier.example/api/verify',
      verifierAddress: '0x0000000000000000000000000000000000000001',
      training: { population: 10, noveltyMapSize: 3, steps: 20, generations: 2, keyRegime: 'otp' },
    });
    await writeFile(spec, JSON.stringify(task));
    const out = join(dir, 'from-spec');
    const r = await tem('train', '--config', spec, '--out', out, '--seed', '1', '--threads', '1');
    expect(r.err).toMatch(/seed 1, otp, population 10, 2 generations/);
    const summary = JSON.parse(await readFile(join(out, 'training.json'), 'utf8'));
    expect(summary.config).toMatchObject({
      population: 10,
      noveltyMapSize: 3,
      steps: 20,
      keyRegime: 'otp',
    });
  });

  it('reads the reference ini and names bad values', async () => {
    const ini = join(dir, 'bad.ini');
    await writeFile(
      ini,
      '[Environment]\nEnvironmentName = SymmetricEncryptionCPA\n[Population]\nPopulationSize = lots\n',
    );
    const r = await tem('train', '--config', ini, '--out', join(dir, 'bad'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[Population\] PopulationSize = 'lots': expected an integer/);
  });

  it.each([
    [['--config', 'x.json'], /--out DIR is required/],
    [['--out', 'o'], /--config FILE is required/],
    [
      ['--out', 'o', '--config', 'x', '--threads', '0'],
      /--threads must be an integer in \[1, 256\]/,
    ],
    [['--out', 'o', '--config', 'x', '--seed', '1.5'], /--seed must be an integer/],
    [
      ['--out', 'o', '--config', 'x', '--key-regime', 'xor'],
      /--key-regime must be otp or short-key/,
    ],
  ])('rejects %j with a usage error', async (args, message) => {
    const r = await tem('train', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('writes a result bundle that tem score takes as it is', async () => {
    const spec = join(dir, 'score-spec.json');
    const task = defaultTaskSpec({
      verifierUrl: 'https://verifier.example/api/verify',
      verifierAddress: '0x0000000000000000000000000000000000000001',
      training: { ...QUICK_TRAINING, generations: 2 },
    });
    Object.assign(task.scoring, structuredClone(LIGHT_SCORING));
    const specText = JSON.stringify(task);
    await writeFile(spec, specText);
    const out = join(dir, 'bundle');
    const trained = await tem(
      'train',
      '--config',
      spec,
      '--out',
      out,
      '--seed',
      '3',
      '--threads',
      '1',
    );
    expect(trained.code).toBe(0);
    expect(trained.err).toContain(`a result bundle for 'tem score --result ${out}'`);
    const manifest = parseResultManifestJson(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      taskId: '0',
      specCid: (await cidOfBytes(new TextEncoder().encode(specText))).toString(),
      pair: { alice: 0, bob: 0 },
      training: { seed: '3', generations: 2 },
    });
    const scored = await tem(
      'score',
      '--spec',
      spec,
      '--result',
      out,
      '--seed',
      `0x${'5a'.repeat(32)}`,
      '--json',
    );
    expect(scored.err).toBe('');
    expect(scored.code).toBe(0);
    expect(JSON.parse(scored.out)).toMatchObject({ score: expect.stringMatching(/^\d+$/) });
  });

  it('refuses to overwrite a finished run unless told, and says how to go on', async () => {
    const out = join(dir, 'straight');
    const before = await outputs(out);
    const again = await tem('train', '--config', config, '--out', out, '--seed', '12');
    expect(again.code).toBe(1);
    expect(again.err).toContain(
      `${out} already holds a run at generation 6, stopped: generations; continue it with --out ${out} --resume, or pass --overwrite to replace it`,
    );
    expect(await outputs(out)).toEqual(before);

    const copy = join(dir, 'overwritten');
    await tem('train', '--config', config, '--out', copy, '--seed', '11', '--threads', '1');
    const replaced = await tem(
      'train',
      ...['--config', config, '--out', copy, '--seed', '12', '--threads', '1', '--overwrite'],
    );
    expect(replaced.code).toBe(0);
    expect((await outputs(copy)).summary.seed).toBe(12);
  });

  it('refuses a folder holding agents from elsewhere too', async () => {
    const out = await mkdtemp(join(tmpdir(), 'tem-train-agents-'));
    await writeFile(join(out, 'alice.dat'), 'precious');
    const r = await tem('train', '--config', config, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${out} already holds a run (alice.dat)`);
    expect(await readFile(join(out, 'alice.dat'), 'utf8')).toBe('precious');
  });

  it('refuses a .dat population, a binary file or a text without ini sections as --config', async () => {
    const dat = await tem(
      'train',
      ...['--config', '../shared/data/bisuna/U1/alicesCPAbisuna.dat', '--out', join(dir, 'x')],
    );
    expect(dat.code).toBe(1);
    expect(dat.err).toContain(
      'alicesCPAbisuna.dat is a BiSUNA population (.dat), the output of training, not its configuration',
    );
    expect(dat.err).toContain('compute-runner/examples/DistributedPopulationCPA.ini');

    const binary = join(dir, 'weights.bin');
    await writeFile(binary, new Uint8Array([1, 0, 2, 0, 255]));
    const bin = await tem('train', '--config', binary, '--out', join(dir, 'x'));
    expect(bin.err).toContain('weights.bin is a binary file, not a training configuration');

    const notes = join(dir, 'notes.txt');
    await writeFile(notes, '# Notes\nTrain for a while: then score.\n');
    const text = await tem('train', '--config', notes, '--out', join(dir, 'x'));
    expect(text.code).toBe(1);
    expect(text.err).toContain("notes.txt has none of the reference's ini sections");
  });

  it('names the range for a negative or fractional generation count', async () => {
    const r = await tem(
      'train',
      '--config',
      config,
      '--out',
      join(dir, 'x'),
      '--generations',
      '-5',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain("--generations must be an integer in [0, 1000000000], not '-5'");
  });

  it('fails clearly when there is nothing to resume', async () => {
    const r = await tem('train', '--out', join(dir, 'nothing'), '--resume');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no checkpoint to resume/);
  });
});

const EXAMPLES = resolve(fileURLToPath(import.meta.url), '../../../examples');
const SEED = `0x${'5a'.repeat(32)}`;

/** `tem train --config SPEC --out OUT` with more flags. */
const trainKind = (spec: string, out: string, ...more: string[]) =>
  tem('train', '--config', spec, '--out', out, ...more);

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
    ['multiplexer-demo-spec.json', '6-multiplexer'],
    ['double-pole-spec.json', 'double pole without velocities \\(raw\\)'],
    ['double-pole-demo-spec.json', 'double pole with velocities \\(raw\\)'],
  ] as const) {
    it(`trains from ${example} and writes a network bundle tem score takes`, async () => {
      const spec = join(EXAMPLES, example);
      const out = join(dir, example);
      const r = await trainKind(spec, out, '--generations', '2', '--seed', '3', '--threads', '2');
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
    const r = await trainKind(spec, out, '--seed', '3', '--threads', '1');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/solved at generation \d+ .*all 8 cases right first at generation/);
    const scored = await tem('score', '--spec', spec, '--result', out, '--seed', SEED, '--json');
    expect(JSON.parse(scored.out).terms).toMatchObject({ perfect: 1, correct: 8, cases: 8 });
  });

  it('says so when a bundle is scored against the spec of another kind', async () => {
    const spec = await smallMultiplexer();
    const out = join(dir, 'mux-other-kind');
    expect((await trainKind(spec, out, '--generations', '1', '--threads', '1')).code).toBe(0);
    const score = (other: string) =>
      tem('score', '--spec', join(EXAMPLES, other), '--result', out, '--seed', SEED);
    const cipher = await score('task-spec.json');
    expect(cipher.code).toBe(1);
    expect(cipher.err).toMatch(/trained for a bisuna-multiplexer task .* is a bisuna-cipher task/);
    // The 3-multiplexer's network has the shape of a double pole controller without velocities.
    const pole = await score('double-pole-spec.json');
    expect(pole.code).toBe(1);
    expect(pole.err).toMatch(
      /was trained for a bisuna-multiplexer task \(its training\.json\), but --spec .*double-pole-spec\.json is a bisuna-double-pole task/,
    );
    // Without training.json, the cipher's bundle files tell it the bundle is not its own, as the
    // verifiers and the site say (core's fetchScoringInputs).
    await rm(join(out, 'training.json'));
    const bare = await score('task-spec.json');
    expect(bare.code).toBe(1);
    expect(bare.err).toMatch(
      /rejected bundle \(missing-file\): alice\.dat is missing \(a bisuna-cipher bundle holds manifest\.json, alice\.dat, bob\.dat\)/,
    );
  });

  it('resumes a run of another kind to exactly the uninterrupted run', async () => {
    const spec = await smallMultiplexer();
    const noSolve = JSON.parse(await readFile(spec, 'utf8'));
    noSolve.environment.addressBits = 2;
    await writeFile(spec, JSON.stringify(noSolve));
    const run = (out: string, ...more: string[]) =>
      tem('train', '--out', out, '--seed', '8', '--threads', '1', ...more);
    const straight = join(dir, 'kind-straight');
    expect((await run(straight, '--config', spec, '--generations', '6')).code).toBe(0);
    const resumed = join(dir, 'kind-resumed');
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
    const keys = await trainKind(spec, join(dir, 'k'), '--key-regime', 'otp');
    expect(keys.code).toBe(2);
    expect(keys.err).toContain('--key-regime is for the cipher, not bisuna-multiplexer');
    const unknown = join(dir, 'unknown.json');
    await writeFile(unknown, JSON.stringify({ kind: 'bisuna-sudoku' }));
    const r = await trainKind(unknown, join(dir, 'u'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('kind "bisuna-sudoku" is not a task kind');
    const bad = JSON.parse(await readFile(spec, 'utf8'));
    bad.environment.addressBits = 9;
    await writeFile(unknown, JSON.stringify(bad));
    const invalid = await trainKind(unknown, join(dir, 'v'));
    expect(invalid.code).toBe(1);
    expect(invalid.err).toMatch(/environment\.addressBits/);
  });
});
