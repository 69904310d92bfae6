/**
 * Where the runner stands with one task. The phases run in this order; `skipped` and `failed` end a
 * task early. Each transaction phase is written down BEFORE its transaction is sent (with what it
 * needs: salt, CID), so a restart after a crash re-checks the chain instead of sending twice.
 */
export const TASK_PHASES = [
  'accepted',
  'training',
  'trained',
  'uploaded',
  'committing',
  'committed',
  'revealing',
  'revealed',
  'scoring',
  'scored',
  'finalizing',
  'finalized',
  'withdrawn',
  'lost',
  'skipped',
  'failed',
] as const;
export type TaskPhase = (typeof TASK_PHASES)[number];

export interface TaskRecord {
  /** Decimal string of the uint256 task id. */
  taskId: string;
  phase: TaskPhase;
  specCid?: string;
  /** Folder of checkpoints and the result bundle for this task. */
  workDir?: string;
  /** Training seed, fixed when training starts so a resumed run continues the same run. */
  seed?: number;
  resultCid?: string;
  /** 0x-prefixed 32-byte salt of the commitment. Losing it loses the reveal. */
  salt?: string;
  commitment?: string;
  /** Nonce of the commit transaction, fixed before it is first sent (a resend reuses it). */
  commitNonce?: number;
  submissionId?: string;
  score?: string;
  /** Wei withdrawn for this task's win. */
  paid?: string;
  /** Transaction hashes by action. */
  txs: Partial<Record<'commit' | 'reveal' | 'recordScore' | 'finalize' | 'withdraw', string>>;
  /** Why the task was skipped or failed. */
  reason?: string;
  updatedAt: string;
}

/** True when the runner has nothing more to do for the task. */
export function isTerminal(phase: TaskPhase): boolean {
  return phase === 'withdrawn' || phase === 'lost' || phase === 'skipped' || phase === 'failed';
}
