import type { MarketTask, TaskPhase } from './types.js';

/** The phase of a task at chain time `now` (seconds). */
export function taskPhase(task: MarketTask, now: number): TaskPhase {
  if (task.state === 'finalized') return 'finalized';
  if (task.state === 'cancelled') return 'cancelled';
  if (now < task.commitDeadline) return 'commit';
  if (now < task.revealDeadline) return 'reveal';
  if (now < task.scoringDeadline) return 'scoring';
  return 'finalizable';
}

/** Human words for each phase. */
export const PHASE_LABELS: Record<TaskPhase, string> = {
  commit: 'Open for commits',
  reveal: 'Reveal window',
  scoring: 'Scoring',
  finalizable: 'Ready to finalize',
  finalized: 'Finalized',
  cancelled: 'Cancelled',
};
