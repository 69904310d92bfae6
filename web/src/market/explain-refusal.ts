/**
 * Why the contract refused a transaction, in words, decided from the chain state read after the
 * refusal. Theta's ETH-RPC adaptor returns no revert data (core throws
 * `MarketRevertWithoutDataError`), so the site re-reads the task and says what the state shows,
 * instead of guessing from an error text. Each function returns null when the state shows
 * nothing that would refuse the call.
 */
import { seedPhase } from '@tem/core/market';
import { formatCountdown, formatDeadline, formatTfuel, shortHex } from '../format/index.js';
import type { TaskBoard } from './task-board.js';

/** The chain state a refusal is explained from: the task re-read, and the chain's time. */
export interface RefusalContext {
  board: TaskBoard;
  /** The latest block's timestamp (what the next transaction sees on Theta). */
  now: number;
}

const when = (deadline: bigint, now: number) =>
  `${formatCountdown(Number(deadline), now)} (chain time ${formatDeadline(Number(deadline))})`;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Refusals every call on an open task shares: the task ended or was cancelled. */
function notOpen({ board }: RefusalContext): string | null {
  const { task } = board;
  if (task.state === 'finalized') return `Task #${task.id} is already finalized.`;
  if (task.state === 'cancelled') return `Task #${task.id} was cancelled by its owner.`;
  return null;
}

/** Why `commit` was refused. */
export function explainCommitRefusal(
  ctx: RefusalContext,
  wallet: { balance: bigint | null },
): string | null {
  const { task } = ctx.board;
  const closed = notOpen(ctx);
  if (closed) return closed;
  if (BigInt(ctx.now) >= task.commitDeadline) {
    return `Commits to task #${task.id} closed ${when(task.commitDeadline, ctx.now)}.`;
  }
  if (wallet.balance !== null && wallet.balance < task.commitBond) {
    return `Your wallet holds ${formatTfuel(wallet.balance)} TFuel: the commit bond is ${formatTfuel(task.commitBond)} TFuel plus gas.`;
  }
  return null;
}

/** Why `reveal` of submission `submissionId` by `solver` was refused. */
export function explainRevealRefusal(
  ctx: RefusalContext,
  submissionId: bigint,
  solver: string,
): string | null {
  const { task, submissions } = ctx.board;
  const closed = notOpen(ctx);
  if (closed) return closed;
  const now = BigInt(ctx.now);
  if (now < task.commitDeadline) {
    return `Reveals open when commits close, ${when(task.commitDeadline, ctx.now)}.`;
  }
  if (now >= task.revealDeadline) {
    return `The reveal window closed ${when(task.revealDeadline, ctx.now)}.`;
  }
  const submission = submissions.find((s) => s.id === submissionId);
  if (!submission) return `Task #${task.id} has no submission #${submissionId}.`;
  if (submission.revealed) return `Submission #${submissionId} is already revealed.`;
  if (!same(submission.solver, solver)) {
    return `Submission #${submissionId} was committed by ${submission.solver}, not by ${solver}: this commit secret is not for it.`;
  }
  // Task, window, submission and solver all check out: only the preimage itself can be wrong.
  return `The result CID and salt do not match the commitment of submission #${submissionId}: this is not the commit secret it was made with.`;
}

/** Why relaying seed material (fixTestSeed, commitSeed, revealSeed, settleSeed) was refused. */
export function explainSeedRefusal(ctx: RefusalContext): string | null {
  const { task } = ctx.board;
  const closed = notOpen(ctx);
  if (closed) return closed;
  switch (seedPhase(task, ctx.now)) {
    case 'fixed':
      return `The test seed is already fixed (${shortHex(task.testSeed, 6)}): somebody relayed it first.`;
    case 'reveals-open':
      return `The seed window opens when reveals close, ${when(task.revealDeadline, ctx.now)}.`;
    case 'missed':
      return 'No seed can be fixed any more: too few verifiers took part in time.';
    case 'committing':
      return 'Seed commitments are still being collected: contributions can be revealed after that.';
    case 'settleable':
      return 'The seed window is over: settle the seed instead.';
    default:
      return null;
  }
}

/** Why relaying a score of submission `submissionId` was refused. */
export function explainScoreRefusal(ctx: RefusalContext, submissionId: bigint): string | null {
  const { task, submissions } = ctx.board;
  const closed = notOpen(ctx);
  if (closed) return closed;
  if (/^0x0*$/.test(task.testSeed)) {
    return 'The test seed is not fixed yet: no score counts before it.';
  }
  if (BigInt(ctx.now) >= task.scoringDeadline) {
    return `Scoring closed ${when(task.scoringDeadline, ctx.now)}.`;
  }
  const submission = submissions.find((s) => s.id === submissionId);
  if (!submission?.revealed) return `Submission #${submissionId} is not revealed.`;
  return null;
}

/** Why `finalize` was refused. */
export function explainFinalizeRefusal(ctx: RefusalContext): string | null {
  const { task } = ctx.board;
  if (task.state === 'finalized') return `Somebody finalized task #${task.id} already.`;
  const closed = notOpen(ctx);
  if (closed) return closed;
  if (BigInt(ctx.now) < task.scoringDeadline) {
    return `Scoring runs until ${formatDeadline(Number(task.scoringDeadline))} (chain time), ${formatCountdown(Number(task.scoringDeadline), ctx.now)}: finalize after that.`;
  }
  return null;
}

/** Why `cancel` was refused. */
export function explainCancelRefusal(ctx: RefusalContext, caller: string): string | null {
  const { task } = ctx.board;
  const closed = notOpen(ctx);
  if (closed) return closed;
  if (!same(task.owner, caller))
    return `Only the owner, ${task.owner}, may cancel task #${task.id}.`;
  if (task.submissionCount > 0n) {
    return `Somebody committed to task #${task.id}, so it can no longer be cancelled.`;
  }
  return null;
}

/** Why `withdraw` or `withdrawTo(payee)` was refused, from the account's credit read afterwards. */
export function explainWithdrawRefusal(credit: bigint, payee: string | null): string | null {
  if (credit === 0n) return 'Nothing to withdraw: this account has no credit (already withdrawn?).';
  if (payee !== null) {
    return `${payee} refused the ${formatTfuel(credit)} TFuel (a contract without a way to receive TFuel?): withdraw to another address.`;
  }
  return 'Your address refused the TFuel (a contract without a way to receive TFuel?): withdraw to another address.';
}

/** What `createTask` was sent, for {@link explainCreateRefusal}. */
export interface CreateRequest {
  owner: string;
  commitDeadline: bigint;
  revealDeadline: bigint;
  scoringDeadline: bigint;
  seedWindow: bigint;
  minScore: bigint;
  verifiers: readonly string[];
  threshold: number;
}

/**
 * Why `createTask` was refused, by the contract's checks in its order, at chain time `now` and
 * under the deployment's `limits` (read again after the refusal).
 */
export function explainCreateRefusal(
  request: CreateRequest,
  limits: { minWindow: number; maxScore: bigint; maxHorizon: number; maxVerifiers: number },
  now: number,
): string | null {
  const min = BigInt(limits.minWindow);
  const t = BigInt(now);
  const r = request;
  if (t + min > r.commitDeadline) {
    return `The commit deadline falls ${formatCountdown(Number(r.commitDeadline), now)} by the chain's clock, under its minimum window of ${limits.minWindow} s: the chain moved on while the transaction waited. Lengthen the commit window and try again.`;
  }
  if (r.commitDeadline + min > r.revealDeadline) {
    return `The reveal window is shorter than the chain's minimum of ${limits.minWindow} s.`;
  }
  if (r.revealDeadline + 2n * r.seedWindow + min > r.scoringDeadline) {
    return `The scoring window does not hold the seed window and the chain's minimum of ${limits.minWindow} s.`;
  }
  if (r.scoringDeadline > t + BigInt(limits.maxHorizon)) {
    return `The scoring deadline falls more than ${Math.round(limits.maxHorizon / 86_400)} days ahead.`;
  }
  if (r.minScore > limits.maxScore) return `The minimum score is above ${limits.maxScore}.`;
  if (r.verifiers.some((v) => same(v, r.owner))) {
    return 'Your address is among the verifiers: the owner of a task cannot verify it.';
  }
  if (r.threshold < 1 || r.threshold > r.verifiers.length) {
    return `The threshold ${r.threshold} is not between 1 and the ${r.verifiers.length} verifiers.`;
  }
  return null;
}
