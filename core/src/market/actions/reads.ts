import type { Result } from 'ethers';
import type { MarketClient } from '../client.js';
import { MarketInputError } from '../errors.js';
import { callMarketView } from '../send.js';
import { type MarketSubmission, type MarketTask, decodeSubmission, decodeTask } from '../task.js';

/** Most entries one page view returns (the contract clamps larger limits). */
export const MAX_PAGE_SIZE = 100;

/** A page of items with where the next one starts. */
export interface Page<T> {
  items: T[];
  /** Total number of items (tasks, or submissions of the task). */
  total: bigint;
  /** Offset of the next page, `undefined` on the last. */
  nextOffset: bigint | undefined;
}

/** Parameters of {@link getTask}. */
export interface GetTaskParameters {
  taskId: bigint | number;
}

/**
 * Reads one task; throws `TaskNotFound` (as `TaskMarketContractError`) for an unknown id.
 *
 * @example
 * const task = await getTask(client, { taskId: 1n });
 * console.log(task.bounty, taskPhase(task, now));
 */
export async function getTask(
  client: MarketClient,
  params: GetTaskParameters,
): Promise<MarketTask> {
  return decodeTask(await callMarketView<Result>(client, 'getTask', [BigInt(params.taskId)]));
}

/** Parameters of {@link getSubmission}. */
export interface GetSubmissionParameters {
  taskId: bigint | number;
  submissionId: bigint | number;
}

/** Reads one submission; throws `SubmissionNotFound` for an unknown id. */
export async function getSubmission(
  client: MarketClient,
  params: GetSubmissionParameters,
): Promise<MarketSubmission> {
  return decodeSubmission(
    await callMarketView<Result>(client, 'getSubmission', [
      BigInt(params.taskId),
      BigInt(params.submissionId),
    ]),
  );
}

/** Number of tasks created (ids run from 1 to it). */
export async function getTaskCount(client: MarketClient): Promise<bigint> {
  return callMarketView<bigint>(client, 'taskCount', []);
}

/** Parameters of {@link getCredit}. */
export interface GetCreditParameters {
  account: string;
}

/** Wei that `account` can withdraw. */
export async function getCredit(
  client: MarketClient,
  params: GetCreditParameters,
): Promise<bigint> {
  return callMarketView<bigint>(client, 'creditOf', [params.account]);
}

/** Parameters of {@link listTasks}. */
export interface ListTasksParameters {
  /** Tasks to skip (default 0: start at task 1). */
  offset?: bigint | number;
  /** Page size, 1 to 100 (default 100). */
  limit?: number;
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new MarketInputError(`limit must be 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
  }
}

/**
 * Reads a page of tasks in id order.
 *
 * @example
 * for (let offset: bigint | undefined = 0n; offset !== undefined; ) {
 *   const page = await listTasks(client, { offset });
 *   offset = page.nextOffset;
 * }
 */
export async function listTasks(
  client: MarketClient,
  params: ListTasksParameters = {},
): Promise<Page<MarketTask>> {
  const offset = BigInt(params.offset ?? 0);
  const limit = params.limit ?? MAX_PAGE_SIZE;
  checkLimit(limit);
  const [total, raw] = await Promise.all([
    getTaskCount(client),
    callMarketView<Result>(client, 'getTasks', [offset, BigInt(limit)]),
  ]);
  const items = Array.from(raw, (r) => decodeTask(r as Result));
  const next = offset + BigInt(items.length);
  return { items, total, nextOffset: items.length > 0 && next < total ? next : undefined };
}

/** Parameters of {@link listSubmissions}. */
export interface ListSubmissionsParameters {
  taskId: bigint | number;
  /** Submissions to skip (default 0: start at submission 1). */
  offset?: bigint | number;
  /** Page size, 1 to 100 (default 100). */
  limit?: number;
}

/** Reads a page of a task's submissions in commit order. */
export async function listSubmissions(
  client: MarketClient,
  params: ListSubmissionsParameters,
): Promise<Page<MarketSubmission>> {
  const offset = BigInt(params.offset ?? 0);
  const limit = params.limit ?? MAX_PAGE_SIZE;
  checkLimit(limit);
  const [task, raw] = await Promise.all([
    getTask(client, { taskId: params.taskId }),
    callMarketView<Result>(client, 'getSubmissions', [
      BigInt(params.taskId),
      offset,
      BigInt(limit),
    ]),
  ]);
  const items = Array.from(raw, (r) => decodeSubmission(r as Result));
  const total = task.submissionCount;
  const next = offset + BigInt(items.length);
  return { items, total, nextOffset: items.length > 0 && next < total ? next : undefined };
}
