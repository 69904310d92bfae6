/** A task as the site shows it (read from `TaskMarket.getTask` / `getTasks`). */
export interface MarketTask {
  id: bigint;
  owner: string;
  verifier: string;
  state: 'open' | 'finalized' | 'cancelled';
  bounty: bigint;
  commitDeadline: number;
  revealDeadline: number;
  scoringDeadline: number;
  minScore: bigint;
  bestScore: bigint;
  bestSubmissionId: bigint;
  submissionCount: number;
  revealCount: number;
  scoredCount: number;
  testSeed: string;
  /** The spec CID as text, or null when the on-chain bytes are not a CID. */
  specCid: string | null;
}

/** A submission as the site shows it. */
export interface MarketSubmission {
  taskId: bigint;
  id: bigint;
  solver: string;
  commitment: string;
  revealed: boolean;
  scored: boolean;
  score: bigint;
  resultCid: string | null;
}

/** Where a task is in its life, from its state and deadlines. */
export type TaskPhase = 'commit' | 'reveal' | 'scoring' | 'finalizable' | 'finalized' | 'cancelled';
