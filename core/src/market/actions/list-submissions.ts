import type { MarketClient } from '../client.js';
import type { MarketSubmission } from '../task.js';
import { SUBMISSION_EVENT_NAMES, submissionsFromEvents } from '../task-events.js';
import { getTaskView } from './get-task-view.js';
import { MAX_PAGE_SIZE, type Page, checkPageLimit } from './page.js';
import { scanTaskEvents } from './scan-task-events.js';

/** Parameters of {@link listSubmissions}. */
export interface ListSubmissionsParameters {
  taskId: bigint | number;
  /** Submissions to skip (default 0: start at submission 1). */
  offset?: bigint | number;
  /** Page size, 1 to 100 (default 100). */
  limit?: number;
  /** Last block to read events up to (default: the latest). */
  toBlock?: number;
}

/**
 * Reads a page of a task's submissions in commit order, rebuilt from the task's events (the
 * contract stores only a hash per submission): one scan from the task's creation block.
 *
 * @example
 * const { items } = await listSubmissions(client, { taskId });
 * const leaderboard = items.filter((s) => s.scored).sort((a, b) => Number(b.score - a.score));
 */
export async function listSubmissions(
  client: MarketClient,
  params: ListSubmissionsParameters,
): Promise<Page<MarketSubmission>> {
  const offset = BigInt(params.offset ?? 0);
  const limit = params.limit ?? MAX_PAGE_SIZE;
  checkPageLimit(limit);
  const taskId = BigInt(params.taskId);
  const view = await getTaskView(client, { taskId });
  const { events } = await scanTaskEvents(client, {
    taskId,
    fromBlock: view.createdBlock,
    toBlock: params.toBlock,
    eventNames: SUBMISSION_EVENT_NAMES,
  });
  const all = submissionsFromEvents(taskId, events);
  const items = all.slice(Number(offset), Number(offset) + limit);
  const total = BigInt(all.length);
  const next = offset + BigInt(items.length);
  return { items, total, nextOffset: items.length > 0 && next < total ? next : undefined };
}
