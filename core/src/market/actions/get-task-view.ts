import type { Result } from 'ethers';
import type { MarketClient } from '../client.js';
import { MarketRevertWithoutDataError, TaskMarketContractError } from '../errors.js';
import { callMarketView } from '../send.js';
import { type MarketTaskView, decodeTaskView } from '../task.js';
import { getTaskCount } from './get-task-count.js';

/** Parameters of {@link getTaskView}. */
export interface GetTaskViewParameters {
  taskId: bigint | number;
}

/**
 * Reads what TaskMarket stores of a task (one `eth_call`; no spec CID or verifier addresses, see
 * `getTask`). An unknown id throws `TaskNotFound` as `TaskMarketContractError`, also through an
 * RPC that returns no revert data (the task count is read to tell).
 *
 * @example
 * const { testSeed, bestSubmissionId } = await getTaskView(client, { taskId: 1n });
 */
export async function getTaskView(
  client: MarketClient,
  params: GetTaskViewParameters,
): Promise<MarketTaskView> {
  const taskId = BigInt(params.taskId);
  try {
    return decodeTaskView(await callMarketView<Result>(client, 'getTask', [taskId]));
  } catch (err) {
    if (!(err instanceof MarketRevertWithoutDataError)) throw err;
    if (taskId === 0n || taskId > (await getTaskCount(client))) {
      throw new TaskMarketContractError('TaskNotFound', { taskId }, { cause: err });
    }
    throw err;
  }
}
