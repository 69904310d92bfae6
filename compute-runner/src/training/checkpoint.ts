import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stateFromJson, stateToJson, type CipherTrainingState } from '@tem/core/bisuna/training';
import { writeFileAtomic } from '../state/atomic-file.js';
import { CheckpointError } from './errors.js';

/** The checkpoint file inside a `tem train --out` folder. */
export const CHECKPOINT_FILE = 'checkpoint.json';

/** Writes the state atomically (temp file, fsync, rename): a crash leaves the old or the new one. */
export async function writeCheckpoint(dir: string, state: CipherTrainingState): Promise<void> {
  await writeFileAtomic(join(dir, CHECKPOINT_FILE), JSON.stringify(stateToJson(state)));
}

/** Reads the folder's checkpoint; throws CheckpointError when it is missing or unreadable. */
export async function readCheckpoint(dir: string): Promise<CipherTrainingState> {
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
    return stateFromJson(JSON.parse(text));
  } catch (error) {
    throw new CheckpointError(`${path} is not a usable checkpoint: ${(error as Error).message}`);
  }
}
