import type { MarketClient } from '../client.js';
import { MarketEventNotFoundError, TaskMarketContractError } from '../errors.js';
import type { MarketSubmission } from '../task.js';
import { SUBMISSION_EVENT_NAMES, submissionsFromEvents } from '../task-events.js';
import { getTaskView } from './get-task-view.js';
import { scanTaskEvents } from './scan-task-events.js';

/** Parameters of {@link getSubmission}. */
export interface GetSubmissionParameters {
  taskId: bigint | number;
  submissionId: bigint | number;
}

/**
 * Reads one submission, rebuilt from the task's events. An id the task does not have throws
 * `SubmissionNotFound` as `TaskMarketContractError` (the contract's own error for it).
 *
 * @example
 * const { solver, revealed, resultCid, score } = await getSubmission(client, { taskId, submissionId });
 */
export async function getSubmission(
  client: MarketClient,
  params: GetSubmissionParameters,
): Promise<MarketSubmission> {
  const taskId = BigInt(params.taskId);
  const submissionId = BigInt(params.submissionId);
  const view = await getTaskView(client, { taskId });
  if (submissionId < 1n || submissionId > view.submissionCount) {
    throw new TaskMarketContractError('SubmissionNotFound', { taskId, submissionId });
  }
  const { events } = await scanTaskEvents(client, {
    taskId,
    fromBlock: view.createdBlock,
    eventNames: SUBMISSION_EVENT_NAMES,
  });
  const found = submissionsFromEvents(taskId, events).find((s) => s.id === submissionId);
  if (!found) {
    throw new MarketEventNotFoundError(
      `no SolutionCommitted event of task ${taskId} submission ${submissionId}`,
    );
  }
  return found;
}
