import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPopulation } from '@tem/core/bisuna';
import { cidOfBytes } from '@tem/core/ipfs';
import {
  LIGHT_SCORING,
  QUICK_TRAINING,
  defaultTaskSpec,
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
