import {
  commit,
  computeCommitment,
  finalize,
  getCredit,
  getSubmission,
  getTask,
  isTaskMarketContractError,
  listSubmissions,
  randomSalt,
  recordScore,
  reveal,
  withdraw,
  type MarketSubmission,
  type MarketTask,
} from '@tem/core/market';
import type { TaskSpec } from '@tem/core/task';
import type { TaskRecord } from '../state/index.js';
import { isNonceTaken } from './nonce-taken.js';
import { bundleContent } from './result-bundle.js';
import { withRetry } from './retry.js';
import type { RunnerContext } from './runner-context.js';
import { taskDirs } from './train-for-task.js';
import { VerifierError, requestScore } from './verifier-client.js';

/** What one step did: moved the task on, or must wait (for a deadline, training, a verifier). */
export type StepOutcome = { kind: 'progress' } | { kind: 'wait'; why: string };

const progress: StepOutcome = { kind: 'progress' };
const wait = (why: string): StepOutcome => ({ kind: 'wait', why });

/** Reads the spec of a task (the loop caches them). */
export type SpecSource = (specCid: string) => Promise<TaskSpec>;

/**
 * Advances one task by one step of its lifecycle. Every transaction's phase (with its salt or
 * CID) is persisted BEFORE the transaction is sent; on a restart the chain is checked first, so a
 * crash at any moment neither loses the salt nor commits or reveals twice.
 */
export async function advanceTask(
  ctx: RunnerContext,
  record: TaskRecord,
  specOf: SpecSource,
): Promise<StepOutcome> {
  const taskId = BigInt(record.taskId);
  const retry = { signal: ctx.signal, onRetry: retryLogger(ctx, record.taskId) };
  const read = <T>(fn: () => Promise<T>) => withRetry(fn, retry);
  const task = await read(() => getTask(ctx.market, { taskId }));
  const now = await ctx.chainNow();
  const save = (change: Partial<TaskRecord>) => ctx.store.update(record.taskId, change);
  const info = (event: string, message: string, extra: Record<string, unknown> = {}) =>
    ctx.log.info({ event, taskId: record.taskId, message, ...extra });

  if (task.state === 'cancelled' && !isTerminalAfterCancel(record)) {
    await save({ phase: 'failed', reason: 'the owner cancelled the task' });
    info('cancelled', 'the owner cancelled the task');
    return progress;
  }

  switch (record.phase) {
    case 'accepted':
    case 'training':
      return wait('training');

    case 'trained': {
      const content = await bundleContent(taskDirs(record.workDir!).bundle);
      const cid = await withRetry(() => ctx.storage.put(content, { signal: ctx.signal }), retry);
      await save({ phase: 'uploaded', resultCid: cid.toString() });
      info('uploaded', `uploaded the result bundle ${cid}`, { cid: cid.toString() });
      return progress;
    }

    case 'uploaded': {
      if (now >= task.commitDeadline)
        return fail(ctx, record, 'the commit deadline passed before the commit');
      const salt = randomSalt();
      const commitment = computeCommitment({
        chainId: BigInt(ctx.chainId),
        contract: ctx.market.address,
        taskId,
        solver: ctx.address,
        resultCid: record.resultCid!,
        salt,
      });
      // The commit's nonce is fixed before it is sent: a resend after a crash or a lost receipt
      // reuses it, so the chain can never mine two commits of this task.
      const commitNonce = await read(() =>
        ctx.provider.getTransactionCount(ctx.address, 'pending'),
      );
      await save({ phase: 'committing', salt, commitment, commitNonce });
      return sendCommit(ctx, { ...record, salt, commitment, commitNonce }, save, info);
    }

    case 'committing': {
      // Mined nonces are read before the submissions: a commit mined with the saved nonce is
      // then certainly among them.
      const mined = await read(() => ctx.provider.getTransactionCount(ctx.address, 'latest'));
      const mine = await findMySubmission(ctx, taskId, record.commitment!);
      if (mine) {
        await save({ phase: 'committed', submissionId: mine.id.toString() });
        info('committed', `found my commit on chain: submission ${mine.id}`);
        return progress;
      }
      if (now >= task.commitDeadline)
        return fail(ctx, record, 'the commit never landed before the deadline');
      if (record.commitNonce !== undefined && mined <= record.commitNonce) {
        const pending = await read(() => ctx.provider.getTransactionCount(ctx.address, 'pending'));
        if (pending > record.commitNonce)
          return wait(`the commit transaction (nonce ${record.commitNonce}) is pending`);
        try {
          return await sendCommit(ctx, record, save, info);
        } catch (error) {
          // A node that does not show its mempool as 'pending' refuses the resend instead.
          if (isNonceTaken(error))
            return wait(`the commit transaction (nonce ${record.commitNonce}) is on its way`);
          throw error;
        }
      }
      // No nonce saved, or another transaction (or a reverted commit) used it: take a fresh one.
      const commitNonce = await read(() =>
        ctx.provider.getTransactionCount(ctx.address, 'pending'),
      );
      await save({ commitNonce });
      return sendCommit(ctx, { ...record, commitNonce }, save, info);
    }

    case 'committed': {
      if (now < task.commitDeadline) return wait(`reveal opens at ${task.commitDeadline}`);
      if (now >= task.revealDeadline)
        return fail(ctx, record, 'the reveal window closed before the reveal');
      await save({ phase: 'revealing' });
      return sendReveal(ctx, record, save, info);
    }

    case 'revealing': {
      const sub = await read(() => mySubmission(ctx, record));
      if (sub.revealed) {
        await save({ phase: 'revealed' });
        return progress;
      }
      if (now >= task.revealDeadline)
        return fail(ctx, record, 'the reveal window closed before the reveal');
      return sendReveal(ctx, record, save, info);
    }

    case 'revealed':
    case 'scoring': {
      const sub = await read(() => mySubmission(ctx, record));
      if (sub.scored) {
        await save({ phase: 'scored', score: sub.score.toString() });
        return progress;
      }
      if (now >= task.scoringDeadline) {
        await save({
          phase: 'scored',
          reason: 'the scoring window closed before a score was recorded',
        });
        return progress;
      }
      const spec = await specOf(record.specCid!);
      let verified;
      try {
        verified = await requestScore(
          spec.verifier.url,
          record.taskId,
          record.submissionId!,
          ctx.signal,
        );
      } catch (error) {
        if (error instanceof VerifierError && error.retryable) return wait(error.message);
        throw error;
      }
      await save({ phase: 'scoring', score: verified.score });
      const tx = await recordScore(ctx.market, {
        taskId,
        submissionId: BigInt(record.submissionId!),
        score: BigInt(verified.score),
        signature: verified.signature,
      });
      await save({ phase: 'scored', txs: { recordScore: tx.hash } });
      info('scored', `score ${verified.score} recorded${tx.best ? ' (the best so far)' : ''}`, {
        score: verified.score,
        best: tx.best,
        tx: tx.hash,
      });
      return progress;
    }

    case 'scored': {
      if (task.state === 'finalized') {
        await save({ phase: 'finalized' });
        return progress;
      }
      if (now < task.scoringDeadline) return wait(`finalize opens at ${task.scoringDeadline}`);
      await save({ phase: 'finalizing' });
      return sendFinalize(ctx, record, save, info);
    }

    case 'finalizing':
      if (task.state === 'finalized') {
        await save({ phase: 'finalized' });
        return progress;
      }
      return sendFinalize(ctx, record, save, info);

    case 'finalized':
      return collect(ctx, record, task, save, info);

    default:
      return wait(`nothing to do in phase ${record.phase}`);
  }
}

type Save = (change: Partial<TaskRecord>) => Promise<TaskRecord>;
type Info = (event: string, message: string, extra?: Record<string, unknown>) => void;

async function sendCommit(ctx: RunnerContext, record: TaskRecord, save: Save, info: Info) {
  const result = await commit(ctx.market, {
    taskId: BigInt(record.taskId),
    resultCid: record.resultCid!,
    salt: record.salt!,
    ...(record.commitNonce === undefined ? {} : { overrides: { nonce: record.commitNonce } }),
  });
  await save({
    phase: 'committed',
    submissionId: result.submissionId.toString(),
    txs: { commit: result.hash },
  });
  info('committed', `committed submission ${result.submissionId}`, { tx: result.hash });
  return progress;
}

async function sendReveal(ctx: RunnerContext, record: TaskRecord, save: Save, info: Info) {
  const result = await reveal(ctx.market, {
    taskId: BigInt(record.taskId),
    submissionId: BigInt(record.submissionId!),
    resultCid: record.resultCid!,
    salt: record.salt!,
  });
  await save({ phase: 'revealed', txs: { reveal: result.hash } });
  info('revealed', `revealed ${record.resultCid}`, {
    tx: result.hash,
  });
  return progress;
}

async function sendFinalize(ctx: RunnerContext, record: TaskRecord, save: Save, info: Info) {
  try {
    const result = await finalize(ctx.market, { taskId: BigInt(record.taskId) });
    await save({ phase: 'finalized', txs: { finalize: result.hash } });
    info('finalized', 'finalized the task', { tx: result.hash });
  } catch (error) {
    if (!isTaskMarketContractError(error, 'TaskNotOpen')) throw error;
    await save({ phase: 'finalized' });
  }
  return progress;
}

/** After finalization: withdraw if this submission won, otherwise record the loss. */
async function collect(
  ctx: RunnerContext,
  record: TaskRecord,
  task: MarketTask,
  save: Save,
  info: Info,
): Promise<StepOutcome> {
  const won =
    task.bestSubmissionId.toString() === record.submissionId && task.bestScore >= task.minScore;
  if (!won) {
    const reason =
      task.bestSubmissionId === 0n
        ? 'no submission was scored'
        : `submission ${task.bestSubmissionId} won with score ${task.bestScore}`;
    await save({ phase: 'lost', reason });
    info('lost', reason);
    return progress;
  }
  const credit = await withRetry(() => getCredit(ctx.market, { account: ctx.address }), {
    signal: ctx.signal,
  });
  if (credit === 0n) {
    // Pull payments are per account: another task's withdrawal already paid this bounty out.
    await save({ phase: 'withdrawn', paid: task.bounty.toString() });
    return progress;
  }
  const result = await withdraw(ctx.market);
  await save({ phase: 'withdrawn', paid: credit.toString(), txs: { withdraw: result.hash } });
  info('withdrawn', `won: withdrew ${credit} wei`, { amount: credit.toString(), tx: result.hash });
  return progress;
}

async function mySubmission(ctx: RunnerContext, record: TaskRecord): Promise<MarketSubmission> {
  return getSubmission(ctx.market, {
    taskId: BigInt(record.taskId),
    submissionId: BigInt(record.submissionId!),
  });
}

/** The submission of this runner with this commitment, if its commit landed. */
async function findMySubmission(
  ctx: RunnerContext,
  taskId: bigint,
  commitment: string,
): Promise<MarketSubmission | undefined> {
  for (let offset: bigint | undefined = 0n; offset !== undefined;) {
    const page = await withRetry(() => listSubmissions(ctx.market, { taskId, offset }), {
      signal: ctx.signal,
    });
    const mine = page.items.find(
      (s) =>
        s.solver.toLowerCase() === ctx.address.toLowerCase() &&
        s.commitment.toLowerCase() === commitment.toLowerCase(),
    );
    if (mine) return mine;
    offset = page.nextOffset;
  }
  return undefined;
}

async function fail(ctx: RunnerContext, record: TaskRecord, reason: string): Promise<StepOutcome> {
  await ctx.store.update(record.taskId, { phase: 'failed', reason });
  ctx.log.warn({ event: 'failed', taskId: record.taskId, message: reason });
  return progress;
}

function isTerminalAfterCancel(record: TaskRecord) {
  return ['withdrawn', 'lost', 'skipped', 'failed'].includes(record.phase);
}

function retryLogger(ctx: RunnerContext, taskId: string) {
  return (error: unknown, attempt: number, delayMs: number) =>
    ctx.log.warn({
      event: 'retry',
      taskId,
      message: `${(error as Error).message} (attempt ${attempt}, retrying in ${delayMs} ms)`,
    });
}
