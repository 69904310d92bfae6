import {
  MarketEventNotFoundError,
  eventsNamed,
  getTaskView,
  mergeTask,
  scanTaskEvents,
  submissionsFromEvents,
  taskCreationFromEvent,
  type MarketClient,
  type TaskMarketEvent,
} from '@tem/core/market';
import type { MarketSubmission, MarketTask } from './types.js';

/** How a task ended, from its `TaskFinalized` event. */
export interface TaskOutcome {
  /** 0 when the owner was refunded. */
  winningSubmissionId: bigint;
  payee: string;
  /** Wei credited: the bounty plus forfeited bonds. */
  amount: bigint;
  forfeitedBonds: bigint;
}

/** Everything the task page shows, rebuilt from the task's storage view and its events. */
export interface TaskBoard {
  task: MarketTask;
  /** Every submission in commit order, each with every score recorded for it. */
  submissions: MarketSubmission[];
  /** Verifier index → the seed commitment relayed for it (`SeedCommitted`, n > 1). */
  seedCommitments: Map<number, string>;
  /** Verifier index → the seed contribution revealed for it (`SeedRevealed`, n > 1). */
  seedContributions: Map<number, string>;
  /** Bit i set: verifier i's contribution is in the seed (`TestSeedFixed`); null before. */
  seedContributors: number | null;
  outcome: TaskOutcome | null;
}

/** Builds a {@link TaskBoard} from a task's storage view and its decoded events. */
export function boardFromEvents(task: MarketTask, events: readonly TaskMarketEvent[]): TaskBoard {
  const board: TaskBoard = {
    task,
    submissions: submissionsFromEvents(task.id, events),
    seedCommitments: new Map(),
    seedContributions: new Map(),
    seedContributors: null,
    outcome: null,
  };
  for (const e of eventsNamed(events, 'SeedCommitted')) {
    board.seedCommitments.set(Number(e.args.verifierIndex), e.args.commitment);
  }
  for (const e of eventsNamed(events, 'SeedRevealed')) {
    board.seedContributions.set(Number(e.args.verifierIndex), e.args.contribution);
  }
  const fixed = eventsNamed(events, 'TestSeedFixed')[0];
  if (fixed) board.seedContributors = Number(fixed.args.contributors);
  const finalized = eventsNamed(events, 'TaskFinalized')[0];
  if (finalized) {
    board.outcome = {
      winningSubmissionId: finalized.args.winningSubmissionId,
      payee: finalized.args.payee,
      amount: finalized.args.amount,
      forfeitedBonds: finalized.args.forfeitedBonds,
    };
  }
  return board;
}

/**
 * Reads one task whole: its storage (one `eth_call`) and all of its events from its creation
 * block (core's scanner, windows of at most 5000 blocks), from which the spec CID, the verifiers,
 * every submission with its result CID and scores, the seed's progress and the outcome follow.
 * An unknown id throws `TaskNotFound` as core's `TaskMarketContractError`.
 */
export async function readTaskBoard(client: MarketClient, taskId: bigint): Promise<TaskBoard> {
  const view = await getTaskView(client, { taskId });
  const { events } = await scanTaskEvents(client, { taskId, fromBlock: view.createdBlock });
  const created = eventsNamed(events, 'TaskCreated')[0];
  if (!created) {
    throw new MarketEventNotFoundError(
      `no TaskCreated event of task ${taskId} in block ${view.createdBlock}`,
    );
  }
  return boardFromEvents(mergeTask(view, taskCreationFromEvent(created)), events);
}
