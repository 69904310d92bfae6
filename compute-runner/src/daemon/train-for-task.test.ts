import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MANIFEST_FILE,
  defaultDoublePoleSpec,
  defaultMultiplexerSpec,
  kindOf,
  type AnyTaskSpec,
} from '@tem/core/kinds';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleCid } from './result-bundle.js';
import { taskDirs, trainForTask } from './train-for-task.js';

const verifier = {
  verifierUrl: 'http://127.0.0.1:8888/api/verify',
  verifierAddress: `0x${'11'.repeat(20)}`,
};
const SPEC_CID = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';

function small<S extends AnyTaskSpec>(spec: S): S {
  Object.assign(spec.training, { population: 12, noveltyMapSize: 3, generations: 6 });
  return spec;
}

const SPECS: [string, AnyTaskSpec][] = [
  ['bisuna-multiplexer', small(defaultMultiplexerSpec({ ...verifier, addressBits: 2 }))],
  ['bisuna-double-pole', small(defaultDoublePoleSpec({ ...verifier, velocities: true }))],
];

let workDir: string;
beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tem-train-for-task-'));
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const train = (spec: AnyTaskSpec, maxGenerations = 0) =>
  trainForTask({
    taskId: '4',
    specCid: SPEC_CID,
    spec,
    workDir,
    seed: 9,
    threads: 1,
    maxGenerations,
    stopAtMs: Date.now() + 60_000,
    signal: new AbortController().signal,
  });

describe.each(SPECS)('trainForTask for a %s task', (id, spec) => {
  it("trains with the kind's training and writes the kind's bundle, bound to the task", async () => {
    const progress: number[] = [];
    const result = await trainForTask({
      taskId: '4',
      specCid: SPEC_CID,
      spec,
      workDir,
      seed: 9,
      threads: 1,
      maxGenerations: 0,
      stopAtMs: Date.now() + 60_000,
      signal: new AbortController().signal,
      onProgress: (p) => {
        if (p.main) progress.push(p.generation);
      },
    });
    expect(result.kind.id).toBe(id);
    expect(result.stopped).toMatch(/^(generations|solved)$/);
    expect(progress.at(-1)).toBe(result.kind.training.generation(result.state));
    const { bundle, training } = taskDirs(workDir);
    expect((await readdir(bundle)).sort()).toEqual([MANIFEST_FILE, 'network.dat']);
    expect(await readdir(training)).toEqual(
      expect.arrayContaining(['checkpoint.json', 'training.json', 'network.dat']),
    );
    const manifest = JSON.parse(await readFile(join(bundle, MANIFEST_FILE), 'utf8'));
    expect(manifest).toMatchObject({ taskId: '4', specCid: SPEC_CID });
    const files = new Map(
      await Promise.all(
        [MANIFEST_FILE, 'network.dat'].map(
          async (name) => [name, new Uint8Array(await readFile(join(bundle, name)))] as const,
        ),
      ),
    );
    expect(() => kindOf(spec).checkBundle(spec, files)).not.toThrow();
    expect(result.bundle.kind === 'directory' && result.bundle.entries.map((e) => e.path)).toEqual([
      MANIFEST_FILE,
      'network.dat',
    ]);
    expect(await bundleCid(bundle)).toMatch(/^bafy/);
  });

  it('resumes from its checkpoint: capped at 3 generations, then on to the spec’s 6', async () => {
    const first = await train(spec, 3);
    expect(first.kind.training.generation(first.state)).toBe(3);
    const second = await train(spec);
    const t = second.kind.training;
    expect(t.generation(second.state)).toBeGreaterThan(3);
    expect(t.seed(second.state)).toBe(t.seed(first.state));
  });
});

it("refuses to resume another kind's checkpoint, naming both kinds", async () => {
  await train(SPECS[0]![1], 2);
  await expect(train(SPECS[1]![1])).rejects.toThrow(
    /checkpoint in .* is of a bisuna-multiplexer run, not of this bisuna-double-pole task/,
  );
});
