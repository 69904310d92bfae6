import type { MarketClient } from '../client.js';
import { MarketEventNotFoundError } from '../errors.js';
import { eventsNamed, scanEvents } from '../events.js';
import type { TaskCreation } from '../task.js';
import { taskCreationFromEvent } from '../task-events.js';
import { getTaskView } from './get-task-view.js';

/** Parameters of {@link getTaskCreation}. */
export interface GetTaskCreationParameters {
  taskId: bigint | number;
  /** The task's `createdBlock`; default: read from the chain. */
  createdBlock?: number;
}

/**
 * The spec CID and verifiers of a task, from its `TaskCreated` event (one `eth_getLogs` over the
 * single block it was created in). Not cached here: a local chain reverted to a snapshot reuses
 * task ids; callers that know their chain is final may cache by task id.
 *
 * @example
 * const { specCid, verifiers, threshold } = await getTaskCreation(client, { taskId });
 */
export async function getTaskCreation(
  client: MarketClient,
  params: GetTaskCreationParameters,
): Promise<TaskCreation> {
  const taskId = BigInt(params.taskId);
  const block = params.createdBlock ?? (await getTaskView(client, { taskId })).createdBlock;
  const { events } = await scanEvents(client, {
    fromBlock: block,
    toBlock: block,
    eventNames: ['TaskCreated'],
    taskId,
  });
  const created = eventsNamed(events, 'TaskCreated')[0];
  if (!created) {
    throw new MarketEventNotFoundError(`no TaskCreated event of task ${taskId} in block ${block}`);
  }
  return taskCreationFromEvent(created);
}
