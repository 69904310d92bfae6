import { randomInt } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  trainCipher,
  trainingConfigFromJson,
  type CipherTrainingState,
  type TrainingProgress,
} from '@tem/core/bisuna/training';
import type { Content } from '@tem/core/ipfs';
import type { TaskSpec } from '@tem/core/task';
import { CHECKPOINT_FILE, readCheckpoint, writeCheckpoint } from '../training/checkpoint.js';
import { writeTrainingOutputs } from '../training/outputs.js';
import { computeThreadsEvaluator } from '../training/worker-pool.js';
import { setLongTimeout } from './long-timeout.js';
import { manifestFor, writeBundle } from './result-bundle.js';

export interface TrainForTaskParameters {
  taskId: string;
  specCid: string;
  spec: TaskSpec;
  /** Folder for this task's checkpoint and bundle. */
  workDir: string;
  seed: number;
  threads: number;
  /** A&B generations cap (0: the spec's). */
  maxGenerations: number;
  /** Wall-clock ms (Date.now) at which training must stop, whatever its progress. */
  stopAtMs: number;
  signal: AbortSignal;
  onProgress?: (p: TrainingProgress) => void;
}

export interface TrainForTaskResult {
  bundle: Content;
  state: CipherTrainingState;
  stopped: 'generations' | 'solved' | 'deadline';
}

/** Folders inside a task's work dir. */
export function taskDirs(workDir: string) {
  return { training: join(workDir, 'training'), bundle: join(workDir, 'bundle') };
}

/** A seed for a new training run: from the configured seed and the task, or random. */
export function trainingSeed(configured: string | undefined, taskId: string): number {
  if (configured === undefined) return randomInt(0, 2 ** 32);
  let h = 2166136261;
  for (const c of `${configured}/${taskId}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/**
 * Trains Alice and Bob for a task with the spec's parameters until the generations are done, the
 * pair is solved, or the deadline comes; resumes from the task's checkpoint when there is one.
 * Writes the result bundle and returns it. Throws if not one A&B generation completed.
 */
export async function trainForTask(params: TrainForTaskParameters): Promise<TrainForTaskResult> {
  const dirs = taskDirs(params.workDir);
  await mkdir(dirs.training, { recursive: true });
  const config = trainingConfigFromJson(params.spec.training);
  const generations =
    params.maxGenerations > 0
      ? Math.min(params.maxGenerations, config.generations)
      : config.generations;
  const resumed = (await exists(join(dirs.training, CHECKPOINT_FILE)))
    ? await readCheckpoint(dirs.training)
    : undefined;

  const deadline = new AbortController();
  const cancelTimer = setLongTimeout(() => deadline.abort(), params.stopAtMs - Date.now());
  const stop = () => deadline.abort();
  params.signal.addEventListener('abort', stop, { once: true });
  const evaluator = computeThreadsEvaluator(params.threads);
  const save = async (
    state: CipherTrainingState,
    stopped: 'running' | 'generations' | 'solved' | 'aborted',
  ) => {
    await writeCheckpoint(dirs.training, state);
    await writeTrainingOutputs(dirs.training, state, { threads: params.threads, stopped });
  };
  try {
    const result = await trainCipher({
      config,
      seed: resumed?.seed ?? params.seed,
      generations,
      ...(resumed ? { state: resumed } : {}),
      evaluator,
      signal: deadline.signal,
      checkpointEvery: 5,
      onCheckpoint: (state) => save(state, 'running'),
      ...(params.onProgress ? { onProgress: params.onProgress } : {}),
    });
    await save(result.state, result.stopped);
    if (params.signal.aborted) throw new TrainingInterrupted();
    if (!result.state.champion) {
      throw new Error('training stopped before one Alice/Bob generation completed');
    }
    const manifest = manifestFor(params.taskId, params.specCid, result.state);
    const bundle = await writeBundle(dirs.training, dirs.bundle, manifest);
    return {
      bundle,
      state: result.state,
      stopped: result.stopped === 'aborted' ? 'deadline' : result.stopped,
    };
  } finally {
    cancelTimer();
    params.signal.removeEventListener('abort', stop);
    await evaluator.close();
  }
}

/** The daemon is shutting down mid-training; the checkpoint is saved and training resumes later. */
export class TrainingInterrupted extends Error {
  override name = 'TrainingInterrupted';
  constructor() {
    super('training interrupted; the checkpoint is saved');
  }
}

async function exists(path: string) {
  return access(path).then(
    () => true,
    () => false,
  );
}
