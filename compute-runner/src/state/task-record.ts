/**
 * Where the runner stands with one task. The phases run in this order; `skipped` and `failed` end a
 * task early. A phase says what the runner last knew of the task on chain; the transaction in
 * flight for it, if any, is `sent`.
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

/**
 * The transactions the runner sends, by lifecycle step. A new step (a test-seed relay, a
 * withdrawal to another payee) is one more name here and one more action in `nextAction`.
 */
export const TX_STEPS = ['commit', 'reveal', 'recordScore', 'finalize', 'withdraw'] as const;
export type TxStep = (typeof TX_STEPS)[number];

/**
 * A transaction the runner signed for a task, written down BEFORE it is broadcast. Until it is
 * settled (mined, or its nonce taken by another transaction) the runner decides nothing else for
 * the task: after a crash it waits while the transaction is pending, reads its receipt when it
 * is mined, and broadcasts the same bytes again when a node lost it.
 */
export interface SentTx {
  step: TxStep;
  /** 0x-hex transaction hash. */
  hash: string;
  nonce: number;
  /** The signed transaction, 0x-hex: sent again byte for byte, so it can be mined only once. */
  raw: string;
  /** Wei per gas (a legacy transaction): with the receipt's gas used, what it cost. */
  gasPrice: string;
  /** When it was signed (ISO). */
  signedAt: string;
}

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
  submissionId?: string;
  score?: string;
  /** Wei won with this task (its bounty), once the contract shows it withdrawn. */
  paid?: string;
  /** The transaction in flight for this task, if any. */
  sent?: SentTx;
  /** Hashes of this task's mined, successful transactions, by step. */
  txs: Partial<Record<TxStep, string>>;
  /** Wei this task's mined transactions cost in gas, reverted ones included. */
  gasWei?: string;
  /** Why the task was skipped or failed. */
  reason?: string;
  updatedAt: string;
}

/** True when the runner has nothing more to do for the task. */
export function isTerminal(phase: TaskPhase): boolean {
  return phase === 'withdrawn' || phase === 'lost' || phase === 'skipped' || phase === 'failed';
}
