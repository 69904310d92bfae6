import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cidOfBytes } from '@tem/core/ipfs';
import { MANIFEST_FILE, manifestBytes, type AnyTaskKind } from '@tem/core/kinds';
import { NETWORK_BUNDLE_FILES } from '@tem/core/task';
import { RUNNER_VERSION } from '../daemon/result-bundle.js';
import { writeFileAtomic } from '../state/atomic-file.js';
import { CHECKPOINT_FILE } from './checkpoint.js';
import { TRAINING_FILES } from './outputs.js';

/**
 * The task id of a bundle `tem train` made, not yet bound to a task: on chain, task ids start at 1.
 * `tem submit` binds such a bundle to the task it submits to.
 */
export const UNBOUND_TASK_ID = '0';

/** The CID that names what a run was trained for: that of its `--config` file's bytes. */
export async function configCid(bytes: Uint8Array): Promise<string> {
  return (await cidOfBytes(bytes)).toString();
}

/**
 * Writes `manifest.json` beside the networks `tem train` wrote, so that the folder is a result
 * bundle that `tem score` and `tem submit` take as it is: the chosen network (pair) is cell 0 of
 * each `.dat`.
 */
export async function writeRunManifest(
  dir: string,
  kind: AnyTaskKind,
  state: unknown,
  specCid: string,
): Promise<void> {
  const manifest = kind.training.manifest(state, {
    taskId: UNBOUND_TASK_ID,
    specCid,
    runner: RUNNER_VERSION,
  });
  await writeFileAtomic(join(dir, MANIFEST_FILE), manifestBytes(manifest));
}

/** The spec CID of the manifest a run already wrote in `dir`, if any. */
export async function runSpecCid(dir: string): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as {
      specCid?: unknown;
    };
    return typeof manifest.specCid === 'string' ? manifest.specCid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What an earlier run (or a bundle from elsewhere) left in `dir`, e.g. "a run at generation 6,
 * stopped: generations", or undefined when `dir` holds none of a run's files.
 */
export async function existingRun(dir: string): Promise<string | undefined> {
  const names = [
    TRAINING_FILES.history,
    CHECKPOINT_FILE,
    MANIFEST_FILE,
    TRAINING_FILES.alice,
    TRAINING_FILES.bob,
    TRAINING_FILES.eve,
    NETWORK_BUNDLE_FILES.network,
  ];
  for (const name of names) {
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch {
      continue;
    }
    try {
      const summary = JSON.parse(text) as { generations?: unknown; stopped?: unknown };
      if (name === TRAINING_FILES.history && typeof summary.generations === 'number') {
        const stopped =
          summary.stopped === 'running' ? 'unfinished' : `stopped: ${summary.stopped}`;
        return `a run at generation ${summary.generations}, ${stopped}`;
      }
    } catch {
      // an unreadable file is still a run's file
    }
    return `a run (${name})`;
  }
  return undefined;
}
