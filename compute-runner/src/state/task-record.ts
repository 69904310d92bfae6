/**
 * Where the runner stands with one task. The phases run in this order; `skipped` and `failed` end a
 * task early. A phase says what the runner last knew of the task on chain; the transaction in
 * flight for it, if any, is `sent`. The result bundle stays in the state folder until the commit
 * deadline has passed (`committed`), then it is uploaded (`uploaded`) and revealed: only its CID,
 * computed locally, enters the commitment.
 */
export const TASK_PHASES = [
  'accepted',
  'training',
  'trained',
  'committing',
  'committed',
  'uploaded',
  'revealing',
  'revealed',
  'seeding',
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
 * The transactions the runner sends, by lifecycle step (each a TaskMarket function): its own
 * commit and reveal, the verifiers' seed parts it relays (`fixTestSeed` with one verifier;
 * `commitSeed` and `revealSeed` per verifier and `settleSeed` with several), the quorum's score,
 * finalize, and its withdrawal (to itself or to a configured payee).
 */
export const TX_STEPS = [
  'commit',
  'reveal',
  'fixTestSeed',
  'commitSeed',
  'revealSeed',
  'settleSeed',
  'recordScore',
  'finalize',
  'withdraw',
  'withdrawTo',
] as const;
export type TxStep = (typeof TX_STEPS)[number];

/** Steps sent once per verifier: their transactions are kept as `step:index`. */
export const PER_VERIFIER_STEPS: ReadonlySet<TxStep> = new Set(['commitSeed', 'revealSeed']);

/** Key of a mined transaction in {@link TaskRecord.txs}: the step, or `step:index` per verifier. */
export function txKey(sent: Pick<SentTx, 'step' | 'verifierIndex'>): string {
  return sent.verifierIndex === undefined ? sent.step : `${sent.step}:${sent.verifierIndex}`;
}

/** What the verifiers answered for this runner's submission, and what it did with their scores. */
export interface QuorumReport {
  /** The score m verifiers signed, when they did. */
  score?: string;
  /** Verifiers whose valid signature of that score was received. */
  agreed: string[];
  /** Verifiers that signed another score. */
  disagreed: { verifier: string; score: string }[];
  /** Verifiers that gave no usable answer (unreachable, refused, a bad signature), and why. */
  missing: { verifier: string; reason: string }[];
  /** When they were asked (ISO). */
  at: string;
}

/**
 * A transaction the runner signed for a task, written down BEFORE it is broadcast. Until it is
 * settled (mined, or its nonce taken by another transaction) the runner decides nothing else for
 * the task: after a crash it waits while the transaction is pending, reads its receipt when it
 * is mined, and broadcasts the same bytes again when a node lost it.
 */
export interface SentTx {
  step: TxStep;
  /** The verifier whose seed part it relays (`commitSeed`, `revealSeed`). */
  verifierIndex?: number;
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
  /** What the verifiers answered when the runner last asked them for its score. */
  quorum?: QuorumReport;
  /**
   * Wei won with this task (its bounty plus forfeited bonds), once the contract shows no credit
   * left for it.
   */
  paid?: string;
  /** The transaction in flight for this task, if any. */
  sent?: SentTx;
  /** Hashes of this task's mined, successful transactions, by {@link txKey}. */
  txs: Record<string, string>;
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
