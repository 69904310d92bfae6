import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stateFromJson, stateToJson, type CipherTrainingState } from '@tem/core/bisuna/training';
import { TASK_KINDS, type AnyTaskKind } from '@tem/core/kinds';
import { writeFileAtomic } from '../state/atomic-file.js';
import { CheckpointError } from './errors.js';

/** The checkpoint file inside a `tem train --out` folder. */
export const CHECKPOINT_FILE = 'checkpoint.json';

/** Writes the state atomically (temp file, fsync, rename): a crash leaves the old or the new one. */
export async function writeCheckpoint(dir: string, state: CipherTrainingState): Promise<void> {
  await writeFileAtomic(join(dir, CHECKPOINT_FILE), JSON.stringify(stateToJson(state)));
}

/** Writes a run of any kind's state atomically, as {@link writeCheckpoint} does. */
export async function writeKindCheckpoint(
  dir: string,
  kind: AnyTaskKind,
  state: unknown,
): Promise<void> {
  await writeFileAtomic(join(dir, CHECKPOINT_FILE), JSON.stringify(kind.training.toJson(state)));
}

/** The folder's checkpoint as JSON; throws CheckpointError when it is missing or unreadable. */
async function readCheckpointJson(dir: string): Promise<{ path: string; json: unknown }> {
  const path = join(dir, CHECKPOINT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CheckpointError(
      code === 'ENOENT'
        ? `no checkpoint to resume: ${path} does not exist`
        : `cannot read ${path}: ${code}`,
    );
  }
  try {
    return { path, json: JSON.parse(text) };
  } catch (error) {
    throw new CheckpointError(`${path} is not a usable checkpoint: ${(error as Error).message}`);
  }
}

/** Reads the folder's checkpoint; throws CheckpointError when it is missing or unreadable. */
export async function readCheckpoint(dir: string): Promise<CipherTrainingState> {
  const { path, json } = await readCheckpointJson(dir);
  try {
    return stateFromJson(json);
  } catch (error) {
    throw new CheckpointError(`${path} is not a usable checkpoint: ${(error as Error).message}`);
  }
}

/**
 * Reads the folder's checkpoint of whichever kind wrote it; throws CheckpointError when it is
 * missing, unreadable or of no known kind.
 */
export async function readKindCheckpoint(
  dir: string,
): Promise<{ kind: AnyTaskKind; state: unknown }> {
  const { path, json } = await readCheckpointJson(dir);
  const kind = TASK_KINDS.find((k) => k.training.ownsCheckpoint(json));
  if (!kind) throw new CheckpointError(`${path} is not a checkpoint of any task kind`);
  try {
    return { kind, state: kind.training.fromJson(json) };
  } catch (error) {
    throw new CheckpointError(`${path} is not a usable checkpoint: ${(error as Error).message}`);
  }
}
