import type { MarketTask } from '@tem/core/market';
import type { TaskSpec } from '@tem/core/task';
import { formatTfuel } from '../format/human.js';

export interface AssessTaskParameters {
  task: MarketTask;
  spec: TaskSpec;
  /** Chain time, unix seconds. */
  now: bigint;
  minBountyWei: bigint;
  safetyMarginSeconds: number;
  /** Least training time worth starting. */
  minTrainingSeconds: number;
}

export type Assessment =
  { accept: true; trainingSeconds: number } | { accept: false; reason: string };

/**
 * Whether the runner should work on a task: open for commits, a bounty worth it, a verifier the
 * spec and the chain agree on, and enough time before the commit deadline to train.
 */
export function assessTask(p: AssessTaskParameters): Assessment {
  const { task, spec } = p;
  if (task.state !== 'open') return { accept: false, reason: `the task is ${task.state}` };
  if (p.now >= task.commitDeadline)
    return { accept: false, reason: 'the commit window has closed' };
  if (task.bounty < p.minBountyWei) {
    return {
      accept: false,
      reason: `bounty ${formatTfuel(task.bounty)} is below the minimum ${formatTfuel(p.minBountyWei)}`,
    };
  }
  if (spec.verifier.address.toLowerCase() !== task.verifier.toLowerCase()) {
    return {
      accept: false,
      reason: `the spec names verifier ${spec.verifier.address} but the task's is ${task.verifier}`,
    };
  }
  const trainingSeconds = Number(task.commitDeadline - p.now) - p.safetyMarginSeconds;
  if (trainingSeconds < p.minTrainingSeconds) {
    return {
      accept: false,
      reason: `only ${Math.max(0, trainingSeconds)} s to train before the commit deadline (margin ${p.safetyMarginSeconds} s)`,
    };
  }
  return { accept: true, trainingSeconds };
}
