import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cidOfDirectory, type Content } from '@tem/core/ipfs';
import type { CipherTrainingState } from '@tem/core/bisuna/training';
import {
  BUNDLE_FILES,
  RESULT_MANIFEST_SCHEMA,
  RESULT_MANIFEST_VERSION,
  parseResultManifest,
  type ResultManifest,
} from '@tem/core/task';
import { writeFileAtomic } from '../state/atomic-file.js';
import { TRAINING_FILES } from '../training/outputs.js';

export const RUNNER_VERSION = 'tem 0.1.0';

/** The manifest of a bundle made from a training state; the chosen pair is cell 0 of each file. */
export function manifestFor(
  taskId: string,
  specCid: string,
  state: CipherTrainingState,
): ResultManifest {
  return parseResultManifest({
    schema: RESULT_MANIFEST_SCHEMA,
    version: RESULT_MANIFEST_VERSION,
    taskId,
    specCid,
    pair: { alice: 0, bob: 0 },
    training: {
      seed: String(state.seed),
      generations: state.abGeneration,
      seconds: Number((state.elapsedMs / 1000).toFixed(3)),
      bestFitness: state.champion?.fitness ?? 0,
      runner: RUNNER_VERSION,
    },
    history: state.history.map((h) => ({
      generation: h.generation,
      bestAliceBob: h.bestAliceBob,
      bestEve: h.bestEve,
    })),
  });
}

/**
 * Writes the bundle folder (`manifest.json`, `alice.dat`, `bob.dat`, `eve.dat`) from a folder that
 * `tem train` wrote, and returns it as content ready to upload.
 */
export async function writeBundle(
  trainingDir: string,
  bundleDir: string,
  manifest: ResultManifest,
): Promise<Content> {
  await mkdir(bundleDir, { recursive: true });
  const files: [string, Uint8Array][] = [
    [BUNDLE_FILES.manifest, new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`)],
    [BUNDLE_FILES.alice, await readFile(join(trainingDir, TRAINING_FILES.alice))],
    [BUNDLE_FILES.bob, await readFile(join(trainingDir, TRAINING_FILES.bob))],
    [BUNDLE_FILES.eve, await readFile(join(trainingDir, TRAINING_FILES.eve))],
  ];
  for (const [name, data] of files) await writeFileAtomic(join(bundleDir, name), data);
  return bundleContent(bundleDir);
}

/** Reads a bundle folder as directory content (the four files, nothing else). */
export async function bundleContent(bundleDir: string): Promise<Content> {
  const names = [BUNDLE_FILES.manifest, BUNDLE_FILES.alice, BUNDLE_FILES.bob, BUNDLE_FILES.eve];
  const entries = [];
  for (const name of names) {
    try {
      entries.push({ path: name, content: new Uint8Array(await readFile(join(bundleDir, name))) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && name === BUNDLE_FILES.eve) continue;
      throw error;
    }
  }
  return { kind: 'directory', entries };
}

/**
 * The CID of a bundle folder, computed locally (as every store computes it on upload): what the
 * commitment binds, while the bundle itself stays private until the commit deadline.
 */
export async function bundleCid(bundleDir: string): Promise<string> {
  const content = await bundleContent(bundleDir);
  if (content.kind !== 'directory') throw new Error(`${bundleDir} is not a bundle folder`);
  return (await cidOfDirectory(content.entries)).toString();
}
