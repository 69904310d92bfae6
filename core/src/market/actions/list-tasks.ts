import type { Result } from 'ethers';
import type { MarketClient } from '../client.js';
import { callMarketView } from '../send.js';
import { type MarketTask, decodeTaskView, mergeTask } from '../task.js';
import { getTaskCount } from './get-task-count.js';
import { getTaskCreation } from './get-task-creation.js';
import { MAX_PAGE_SIZE, type Page, checkPageLimit } from './page.js';

/** Parameters of {@link listTasks}. */
export interface ListTasksParameters {
  /** Tasks to skip (default 0: start at task 1). */
  offset?: bigint | number;
  /** Page size, 1 to 100 (default 100). */
  limit?: number;
}

/**
 * Reads a page of tasks in id order (one `getTasks` call, then one `eth_getLogs` per task for its creation event).
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
  checkPageLimit(limit);
  const [total, raw] = await Promise.all([
    getTaskCount(client),
    callMarketView<Result>(client, 'getTasks', [offset, BigInt(limit)]),
  ]);
  const views = Array.from(raw, (r) => decodeTaskView(r as Result));
  const items = await Promise.all(
    views.map(async (view) =>
      mergeTask(
        view,
        await getTaskCreation(client, { taskId: view.id, createdBlock: view.createdBlock }),
      ),
    ),
  );
  const next = offset + BigInt(items.length);
  return { items, total, nextOffset: items.length > 0 && next < total ? next : undefined };
}
