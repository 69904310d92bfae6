import type { TaskPhase } from './types.js';

export { taskPhase } from '@tem/core/market';

/** Human words for each phase. */
export const PHASE_LABELS: Record<TaskPhase, string> = {
  commit: 'Open for commits',
  reveal: 'Reveal window',
  scoring: 'Scoring',
  finalizable: 'Ready to finalize',
  finalized: 'Finalized',
  cancelled: 'Cancelled',
};
