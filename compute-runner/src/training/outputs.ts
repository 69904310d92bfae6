import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CipherTrainingState } from '@tem/core/bisuna/training';
import { cipherKind, type AnyTaskKind, type RunFacts } from '@tem/core/kinds';
import { writeFileAtomic } from '../state/atomic-file.js';

export { TRAINING_HISTORY_SCHEMA } from '@tem/core/kinds';
export type { RunFacts } from '@tem/core/kinds';

/** File names `tem train --out DIR` writes for the cipher (other kinds write their own `.dat`). */
export const TRAINING_FILES = {
  alice: 'alice.dat',
  bob: 'bob.dat',
  eve: 'eve.dat',
  history: 'training.json',
} as const;

/**
 * Writes a run's network files (reference `.dat` layout; cell 0 of each is the chosen network)
 * and `training.json` (summary and per-generation history), each atomically.
 */
export async function writeKindOutputs(
  dir: string,
  kind: AnyTaskKind,
  state: unknown,
  facts: RunFacts,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const files: [string, Uint8Array | string][] = [
    ...kind.training.networkFiles(state),
    [TRAINING_FILES.history, `${JSON.stringify(kind.training.summary(state, facts), null, 1)}\n`],
  ];
  for (const [name, data] of files) await writeFileAtomic(join(dir, name), data);
}

/** {@link writeKindOutputs} of a cipher run: `alice.dat`, `bob.dat`, `eve.dat`, `training.json`. */
export async function writeTrainingOutputs(
  dir: string,
  state: CipherTrainingState,
  facts: RunFacts,
): Promise<void> {
  await writeKindOutputs(dir, cipherKind, state, facts);
}
