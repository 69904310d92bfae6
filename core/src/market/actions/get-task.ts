import type { MarketClient } from '../client.js';
import { type MarketTask, mergeTask } from '../task.js';
import { getTaskCreation } from './get-task-creation.js';
import { getTaskView } from './get-task-view.js';

/** Parameters of {@link getTask}. */
export interface GetTaskParameters {
  taskId: bigint | number;
}

/**
 * Reads one task: its storage (`getTaskView`) merged with its creation event (spec CID,
 * verifiers). Throws `TaskNotFound` (as `TaskMarketContractError`) for an unknown id.
 *
 * @example
 * const task = await getTask(client, { taskId: 1n });
 * console.log(task.bounty, task.verifiers, taskPhase(task, now));
 */
export async function getTask(
  client: MarketClient,
  params: GetTaskParameters,
): Promise<MarketTask> {
  const view = await getTaskView(client, params);
  return mergeTask(
    view,
    await getTaskCreation(client, { taskId: view.id, createdBlock: view.createdBlock }),
  );
}
