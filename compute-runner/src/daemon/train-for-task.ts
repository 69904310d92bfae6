import { randomInt } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Content } from '@tem/core/ipfs';
import {
  kindOf,
  type AnyTaskKind,
  type AnyTaskSpec,
  type KindProgress,
  type KindStopReason,
} from '@tem/core/kinds';
import {
  CHECKPOINT_FILE,
  readKindCheckpoint,
  writeKindCheckpoint,
} from '../training/checkpoint.js';
import { writeKindOutputs } from '../training/outputs.js';
import { computeThreadsEvaluator } from '../training/worker-pool.js';
import { setLongTimeout } from './long-timeout.js';
import { writeKindBundle } from './result-bundle.js';

export interface TrainForTaskParameters {
  taskId: string;
  specCid: string;
  /** The task's spec, of any kind: its kind says how to train. */
  spec: AnyTaskSpec;
  /** Folder for this task's checkpoint and bundle. */
  workDir: string;
  seed: number;
  threads: number;
  /** Cap on the run's main generations (the cipher's A&B generations); 0: the spec's. */
  maxGenerations: number;
  /** Wall-clock ms (Date.now) at which training must stop, whatever its progress. */
  stopAtMs: number;
  signal: AbortSignal;
  onProgress?: (p: KindProgress) => void;
}

export interface TrainForTaskResult {
  bundle: Content;
  kind: AnyTaskKind;
  /** The run's final state (the kind's own type). */
  state: unknown;
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
 * Trains for a task as its kind says (the kind's training on the worker pool `tem train` uses,
 * with the same checkpoint and output files) until the generations are done, the run is solved,
 * or the deadline comes; resumes from the task's checkpoint when there is one. Writes the kind's
 * result bundle and returns it. Throws if not one generation completed.
 */
export async function trainForTask(params: TrainForTaskParameters): Promise<TrainForTaskResult> {
  const dirs = taskDirs(params.workDir);
  await mkdir(dirs.training, { recursive: true });
  const kind = kindOf(params.spec);
  const t = kind.training;
  const config = t.config(params.spec) as { generations: number };
  const generations =
    params.maxGenerations > 0
      ? Math.min(params.maxGenerations, config.generations)
      : config.generations;
  const state = (await exists(join(dirs.training, CHECKPOINT_FILE)))
    ? await resumedState(dirs.training, kind)
    : t.createState(config, params.seed);

  const deadline = new AbortController();
  const cancelTimer = setLongTimeout(() => deadline.abort(), params.stopAtMs - Date.now());
  const stop = () => deadline.abort();
  params.signal.addEventListener('abort', stop, { once: true });
  const evaluator = computeThreadsEvaluator(params.threads);
  const save = async (s: unknown, stopped: KindStopReason | 'running') => {
    await writeKindCheckpoint(dirs.training, kind, s);
    await writeKindOutputs(dirs.training, kind, s, { threads: params.threads, stopped });
  };
  try {
    const result = await t.train({
      state,
      evaluator,
      generations,
      signal: deadline.signal,
      checkpointEvery: 5,
      onCheckpoint: (s) => save(s, 'running'),
      ...(params.onProgress ? { onProgress: params.onProgress } : {}),
    });
    await save(result.state, result.stopped);
    if (params.signal.aborted) throw new TrainingInterrupted();
    if (t.generation(result.state) === 0) {
      throw new Error('training stopped before one generation completed');
    }
    const bundle = await writeKindBundle(dirs.bundle, kind, params.spec, result.state, {
      taskId: params.taskId,
      specCid: params.specCid,
    });
    return {
      bundle,
      kind,
      state: result.state,
      stopped: result.stopped === 'aborted' ? 'deadline' : result.stopped,
    };
  } finally {
    cancelTimer();
    params.signal.removeEventListener('abort', stop);
    await evaluator.close();
  }
}

/** The task's checkpoint, which must be of the task's kind. */
async function resumedState(dir: string, kind: AnyTaskKind): Promise<unknown> {
  const found = await readKindCheckpoint(dir);
  if (found.kind !== kind) {
    throw new Error(
      `the checkpoint in ${dir} is of a ${found.kind.id} run, not of this ${kind.id} task`,
    );
  }
  return found.state;
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
