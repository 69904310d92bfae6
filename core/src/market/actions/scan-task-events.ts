import type { MarketClient } from '../client.js';
import type { TaskMarketEventName } from '../abi-types.js';
import { type ScanEventsReturnType, scanEvents } from '../events.js';
import { getTaskView } from './get-task-view.js';

/** Parameters of {@link scanTaskEvents}. */
export interface ScanTaskEventsParameters {
  taskId: bigint | number;
  /** Only these events (each has `taskId` as its first indexed argument); default: all of the task's. */
  eventNames?: readonly Exclude<TaskMarketEventName, 'Credited' | 'Withdrawn'>[];
  /** First block; default: the task's `createdBlock`. */
  fromBlock?: number;
  /** Last block, inclusive; default: the latest. */
  toBlock?: number;
}

const TASK_EVENTS = [
  'TaskCreated',
  'TaskFunded',
  'TaskCancelled',
  'SolutionCommitted',
  'SolutionRevealed',
  'SeedCommitted',
  'SeedRevealed',
  'TestSeedFixed',
  'ScoreRecorded',
  'TaskFinalized',
] as const satisfies readonly TaskMarketEventName[];

/**
 * A task's events from its creation block on, in windows of at most 5000 blocks (Theta's
 * `eth_getLogs` limit), filtered by the task id topic.
 *
 * @example
 * const { events } = await scanTaskEvents(client, { taskId, eventNames: ['SolutionRevealed'] });
 */
export async function scanTaskEvents(
  client: MarketClient,
  params: ScanTaskEventsParameters,
): Promise<ScanEventsReturnType> {
  const fromBlock =
    params.fromBlock ?? (await getTaskView(client, { taskId: params.taskId })).createdBlock;
  return scanEvents(client, {
    fromBlock,
    toBlock: params.toBlock,
    eventNames: params.eventNames ?? TASK_EVENTS,
    taskId: params.taskId,
  });
}
