/**
 * Rebuilding what TaskMarket keeps only in its events: a task's spec CID and verifiers
 * (`TaskCreated`), and its submissions' solvers, commitments, result CIDs and scores
 * (`SolutionCommitted`, `SolutionRevealed`, `ScoreRecorded`). Pure functions over decoded events.
 */
import { keccak256 } from 'ethers';
import type { TaskMarketEvent, TaskMarketEventOf } from './events.js';
import { type MarketSubmission, type TaskCreation, cidTextOf } from './task.js';

/** The events a task's submissions are rebuilt from. */
export const SUBMISSION_EVENT_NAMES = [
  'SolutionCommitted',
  'SolutionRevealed',
  'ScoreRecorded',
] as const;

/** A task's creation details from its `TaskCreated` event. */
export function taskCreationFromEvent(event: TaskMarketEventOf<'TaskCreated'>): TaskCreation {
  const a = event.args;
  return {
    taskId: a.taskId,
    owner: a.owner,
    verifiers: [...a.verifiers],
    threshold: Number(a.threshold),
    specCid: cidTextOf(a.specCid),
    specCidHex: a.specCid,
    blockNumber: event.blockNumber,
    transactionHash: event.transactionHash,
  };
}

/**
 * A task's submissions, in id order, from its events (any order in, chain order assumed within
 * the list). Events of other tasks are ignored.
 *
 * @example
 * const { events } = await scanTaskEvents(client, { taskId });
 * const submissions = submissionsFromEvents(taskId, events);
 */
export function submissionsFromEvents(
  taskId: bigint,
  events: readonly TaskMarketEvent[],
): MarketSubmission[] {
  const byId = new Map<bigint, MarketSubmission>();
  for (const e of events) {
    if (e.eventName === 'SolutionCommitted' && e.args.taskId === taskId) {
      byId.set(e.args.submissionId, {
        taskId,
        id: e.args.submissionId,
        solver: e.args.solver,
        commitment: e.args.commitment,
        revealed: false,
        scored: false,
        score: 0n,
        scores: [],
        resultCid: null,
        resultCidHex: '0x',
        resultCidHash: null,
        committedBlock: e.blockNumber,
        revealedBlock: undefined,
      });
    }
  }
  for (const e of events) {
    if (e.eventName === 'SolutionRevealed' && e.args.taskId === taskId) {
      const sub = byId.get(e.args.submissionId);
      if (!sub) continue;
      sub.revealed = true;
      sub.resultCidHex = e.args.resultCid;
      sub.resultCid = cidTextOf(e.args.resultCid);
      sub.resultCidHash = keccak256(e.args.resultCid);
      sub.revealedBlock = e.blockNumber;
    } else if (e.eventName === 'ScoreRecorded' && e.args.taskId === taskId) {
      const sub = byId.get(e.args.submissionId);
      if (!sub) continue;
      sub.scores.push({
        score: e.args.score,
        signers: Number(e.args.signers),
        best: e.args.best,
        blockNumber: e.blockNumber,
        transactionHash: e.transactionHash,
      });
      if (!sub.scored || e.args.score > sub.score) sub.score = e.args.score;
      sub.scored = true;
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
