import type { MarketSubmission, MarketTask, TaskPhase } from '@tem/core/market';

export type { MarketSubmission, MarketTask, TaskPhase };

/** Read access to the TaskMarket contract (over `@tem/core/market`; cached by the caller). */
export interface MarketSource {
  readonly address: string;
  chainId(): Promise<number>;
  /** Timestamp of the latest block, in seconds. */
  now(): Promise<number>;
  taskCount(): Promise<number>;
  /** One task, or undefined if there is no task with this id. */
  getTask(id: bigint): Promise<MarketTask | undefined>;
  /** Tasks `offset + 1` to `offset + limit` (at most 100 per call). */
  getTasks(offset: number, limit: number): Promise<MarketTask[]>;
  /** One submission, or undefined if the task or the submission does not exist. */
  getSubmission(taskId: bigint, submissionId: bigint): Promise<MarketSubmission | undefined>;
  /** Submissions `offset + 1` to `offset + limit` of a task (at most 100 per call). */
  getSubmissions(taskId: bigint, offset: number, limit: number): Promise<MarketSubmission[]>;
}

/** Whether a task in `phase` is still running (open) or over (closed). */
export function isOpenPhase(phase: TaskPhase): boolean {
  return phase === 'commit' || phase === 'reveal' || phase === 'scoring';
}
