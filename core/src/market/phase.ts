import type { MarketTask } from './task.js';

/**
 * Where a task stands: `commit` (open for commits), `reveal` (reveal window; scores may already
 * be recorded), `scoring` (scores only), `finalizable` (anyone may finalize), `finalized`, `cancelled`.
 */
export type TaskPhase = 'commit' | 'reveal' | 'scoring' | 'finalizable' | 'finalized' | 'cancelled';

/** The task fields that decide its phase. */
export type TaskPhaseInput = Pick<
  MarketTask,
  'state' | 'commitDeadline' | 'revealDeadline' | 'scoringDeadline'
>;

/**
 * The phase of a task at unix time `now` (seconds; use the latest block's timestamp), matching
 * the contract's checks exactly.
 *
 * @example
 * taskPhase(task, BigInt(Math.floor(Date.now() / 1000))); // 'reveal'
 */
export function taskPhase(task: TaskPhaseInput, now: bigint | number): TaskPhase {
  if (task.state === 'finalized') return 'finalized';
  if (task.state === 'cancelled') return 'cancelled';
  const t = BigInt(now);
  if (t < task.commitDeadline) return 'commit';
  if (t < task.revealDeadline) return 'reveal';
  if (t < task.scoringDeadline) return 'scoring';
  return 'finalizable';
}

/** When the given phase ends (unix seconds), or `undefined` for phases without an end. */
export function phaseEndsAt(task: TaskPhaseInput, phase: TaskPhase): bigint | undefined {
  switch (phase) {
    case 'commit':
      return task.commitDeadline;
    case 'reveal':
      return task.revealDeadline;
    case 'scoring':
      return task.scoringDeadline;
    default:
      return undefined;
  }
}
