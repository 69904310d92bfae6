import { concat } from 'ethers';
import {
  MarketError,
  cidToBytes,
  computeCommitment,
  getCredit,
  getSubmission,
  getTask,
  listSubmissions,
  randomSalt,
  type MarketSubmission,
} from '@tem/core/market';
import type { AnyTaskSpec } from '@tem/core/kinds';
import { formatTfuel } from '../format/human.js';
import {
  txKey,
  type RecordChange,
  type SentTx,
  type TaskRecord,
  type TxStep,
} from '../state/index.js';
import {
  confirmedNonce,
  nextNonce,
  sendRecordedTx,
  settleTx,
  type MarketCall,
  type SendOutcome,
} from './market-tx.js';
import { nextAction, type Action, type ChainView } from './next-action.js';
import { bundleCid, bundleContent } from './result-bundle.js';
import { withRetry } from './retry.js';
import type { RunnerContext } from './runner-context.js';
import { decideScore } from './score-quorum.js';
import { relaySeedPart } from './seed-relay.js';
import { taskDirs } from './train-for-task.js';
import { askForScores, reportChanges } from './verifier-quorum.js';

/**
 * What one step did: moved the task on, or must wait (for a deadline, training, a verifier, a
 * transaction to be mined). `warn` when the wait is worth an operator's attention; `until` when
 * it waits for a deadline (chain time, unix seconds).
 */
export type StepOutcome =
  { kind: 'progress' } | { kind: 'wait'; why: string; warn?: boolean; until?: bigint };

const progress: StepOutcome = { kind: 'progress' };
const wait = (why: string, warn?: boolean, until?: bigint): StepOutcome => ({
  kind: 'wait',
  why,
  ...(warn ? { warn } : {}),
  ...(until !== undefined ? { until } : {}),
});

/** How long a pending transaction goes before this process broadcasts it again. */
const REBROADCAST_MS = 30_000;

/** Reads the spec of a task, of any kind (the loop caches them). */
export type SpecSource = (specCid: string) => Promise<AnyTaskSpec>;

/**
 * Advances one task by one step: first settles the task's transaction in flight (written down
 * before it was broadcast), then reads the chain, decides with `nextAction` and performs that.
 */
export async function advanceTask(
  ctx: RunnerContext,
  record: TaskRecord,
  specOf: SpecSource,
): Promise<StepOutcome> {
  if (record.sent) return settle(ctx, record, record.sent);
  const chain = await readChainView(ctx, record);
  const now = await ctx.chainNow();
  return perform(ctx, record, chain, nextAction(record, chain, now), specOf);
}

/** The chain as `nextAction` needs it for this record. */
async function readChainView(ctx: RunnerContext, record: TaskRecord): Promise<ChainView> {
  const taskId = BigInt(record.taskId);
  const read = reader(ctx, record.taskId);
  const task = await read(() => getTask(ctx.market, { taskId }));
  let mine: MarketSubmission | undefined;
  if ('submissionId' in record && record.submissionId !== undefined) {
    const submissionId = BigInt(record.submissionId);
    mine = await read(() => getSubmission(ctx.market, { taskId, submissionId }));
  } else if ('commitment' in record && record.commitment !== undefined) {
    const { commitment } = record;
    mine = await findMySubmission(ctx, taskId, commitment);
  }
  const credit =
    task.state === 'finalized' && record.phase === 'finalized'
      ? await read(() => getCredit(ctx.market, { account: ctx.address }))
      : undefined;
  const withdrawInFlight = ctx.store
    .list()
    .some(
      (r) =>
        r.taskId !== record.taskId &&
        (r.sent?.step === 'withdraw' || r.sent?.step === 'withdrawTo'),
    );
  return { task, mine, credit, withdrawInFlight };
}

async function perform(
  ctx: RunnerContext,
  record: TaskRecord,
  chain: ChainView,
  action: Action,
  specOf: SpecSource,
): Promise<StepOutcome> {
  const taskId = BigInt(record.taskId);
  const save = (change: RecordChange) => ctx.store.update(record.taskId, change);
  switch (action.kind) {
    case 'wait':
      return wait(action.why, false, action.until);

    case 'note':
      await save(action.change);
      ctx.log.info({
        event: action.log.event,
        taskId: record.taskId,
        message: action.log.message,
        ...action.log.fields,
      });
      return progress;

    case 'fail':
      await save({ phase: 'failed', reason: action.reason });
      ctx.log.warn({ event: 'failed', taskId: record.taskId, message: action.reason });
      return progress;

    case 'commit': {
      // Only the CID enters the commitment: the bundle stays in the state folder, unpublished.
      const resultCid = action.resultCid ?? (await bundleCid(taskDirs(action.workDir).bundle));
      const secret = action.secret ?? newSecret(ctx, taskId, resultCid);
      return sendTx(
        ctx,
        record,
        'commit',
        { functionName: 'commit', args: [taskId, secret.commitment], value: chain.task.commitBond },
        { phase: 'committing', resultCid, ...secret },
      );
    }

    case 'upload': {
      const content = await bundleContent(taskDirs(action.workDir).bundle);
      const cid = await withRetry(() => ctx.storage.put(content, { signal: ctx.signal }), {
        signal: ctx.signal,
        onRetry: retryLogger(ctx, record.taskId),
      });
      if (cid.toString() !== action.resultCid) {
        await save({
          phase: 'failed',
          reason: `the bundle in ${taskDirs(action.workDir).bundle} is ${cid}, not the ${action.resultCid} committed to: it changed after the commit`,
        });
        ctx.log.warn({
          event: 'failed',
          taskId: record.taskId,
          message: `the bundle changed after the commit (${cid}, committed ${action.resultCid})`,
        });
        return progress;
      }
      await save({ phase: 'uploaded' });
      ctx.log.info({
        event: 'uploaded',
        taskId: record.taskId,
        message: `the commit deadline passed: uploaded the result bundle ${cid}`,
        cid: cid.toString(),
      });
      return progress;
    }

    case 'reveal':
      return sendTx(
        ctx,
        record,
        'reveal',
        {
          functionName: 'reveal',
          args: [
            taskId,
            BigInt(action.submissionId),
            ctx.address,
            cidToBytes(action.resultCid),
            action.salt,
          ],
        },
        { phase: 'revealing' },
      );

    case 'seed': {
      const relay = await relaySeedPart(ctx, chain.task, action.step, await specOf(action.specCid));
      if (relay.kind === 'wait') {
        return wait(relay.why, true, relay.until);
      }
      return sendTx(
        ctx,
        record,
        action.step,
        relay.call,
        { phase: 'seeding' },
        relay.verifierIndex,
      );
    }

    case 'settle-seed':
      return sendTx(
        ctx,
        record,
        'settleSeed',
        { functionName: 'settleSeed', args: [taskId] },
        { phase: 'seeding' },
      );

    case 'score': {
      const { task, mine } = chain;
      if (!mine?.resultCidHash)
        throw new Error(`submission ${action.submissionId} is not revealed`);
      const answers = await askForScores(ctx, task, mine, await specOf(action.specCid));
      const decision = decideScore({
        chainId: ctx.chainId,
        contract: ctx.market.address,
        task,
        submission: mine,
        answers,
        maxScore: await ctx.maxScore(),
        at: new Date(),
      });
      reportChanges(ctx, record.taskId, action.reported, decision.report);
      switch (decision.kind) {
        case 'no-quorum':
          await save({ quorum: decision.report });
          return wait(decision.retry ? `${decision.why}; asking again` : decision.why, true);
        case 'not-best':
          await save({
            phase: 'scored',
            score: decision.score.toString(),
            quorum: decision.report,
            reason: decision.why,
          });
          ctx.log.info({
            event: 'scored',
            taskId: record.taskId,
            message: `the verifiers signed score ${decision.score}; ${decision.why}`,
            score: decision.score.toString(),
            best: false,
            relayed: false,
          });
          return progress;
        case 'relay':
          return sendTx(
            ctx,
            record,
            'recordScore',
            {
              functionName: 'recordScore',
              args: [
                taskId,
                mine.id,
                mine.solver,
                mine.resultCidHash,
                decision.score,
                task.verifiers,
                concat(decision.signatures),
              ],
            },
            { phase: 'scoring', score: decision.score.toString(), quorum: decision.report },
          );
      }
      break;
    }

    case 'finalize':
      return sendTx(
        ctx,
        record,
        'finalize',
        { functionName: 'finalize', args: [taskId] },
        { phase: 'finalizing' },
      );

    case 'withdraw':
      return ctx.config.payee
        ? sendTx(
            ctx,
            record,
            'withdrawTo',
            { functionName: 'withdrawTo', args: [ctx.config.payee] },
            {},
          )
        : sendTx(ctx, record, 'withdraw', { functionName: 'withdraw', args: [] }, {});
  }
  return progress;
}

function newSecret(ctx: RunnerContext, taskId: bigint, resultCid: string) {
  const salt = randomSalt();
  const commitment = computeCommitment({
    chainId: BigInt(ctx.chainId),
    contract: ctx.market.address,
    taskId,
    solver: ctx.address,
    resultCid,
    salt,
  });
  return { salt, commitment };
}

/**
 * Signs the step's transaction with the next free nonce, writes it down together with `change`
 * (one atomic write), and only then broadcasts it. A node that refuses the estimate has been
 * sent nothing: the task waits and the chain is read again before any decision.
 */
async function sendTx(
  ctx: RunnerContext,
  record: TaskRecord,
  step: TxStep,
  call: MarketCall,
  change: RecordChange,
  verifierIndex?: number,
): Promise<StepOutcome> {
  const retry = { signal: ctx.signal, onRetry: retryLogger(ctx, record.taskId) };
  const confirmed = await withRetry(() => confirmedNonce(ctx), retry);
  const held = ctx.store.list().flatMap((r) => (r.sent ? [r.sent.nonce] : []));
  const nonce = nextNonce(confirmed, held);
  let sent: SentTx | undefined;
  let outcome: SendOutcome;
  try {
    // Retried (transient failures) only until it is signed and written down: after that,
    // sendRecordedTx does not throw, and settling takes over.
    outcome = await withRetry(
      () =>
        sendRecordedTx(ctx, call, nonce, async (signed) => {
          const written: SentTx = {
            step,
            ...(verifierIndex !== undefined ? { verifierIndex } : {}),
            ...signed,
            signedAt: new Date().toISOString(),
          };
          await ctx.store.update(record.taskId, { ...change, sent: written });
          sent = written;
        }),
      retry,
    );
  } catch (error) {
    if (sent === undefined && error instanceof MarketError) {
      return wait(
        `the node refuses the ${step} (${shortMessage(error)}); reading the chain again`,
        true,
      );
    }
    throw error;
  }
  ctx.broadcasts.set(outcome.signed.hash, Date.now());
  const fields = {
    taskId: record.taskId,
    step,
    tx: outcome.signed.hash,
    nonce: outcome.signed.nonce,
    ...(verifierIndex !== undefined ? { verifierIndex } : {}),
  };
  const what = `the ${step} transaction ${outcome.signed.hash} (nonce ${outcome.signed.nonce})`;
  if (outcome.kind === 'recorded') {
    // Written down, not taken by the node: settling sends the same bytes again.
    ctx.log.warn({
      event: 'tx-sent',
      message: `recorded ${what}; the node did not take it yet (${shortMessage(outcome.error)})`,
      ...fields,
    });
  } else {
    ctx.log.info({ event: 'tx-sent', message: `sent ${what}`, ...fields });
  }
  return progress;
}

/**
 * Settles the task's recorded transaction: waits while it is pending (sending the same bytes
 * again when the node lost them), writes down its cost and outcome once mined, forgets it when
 * its nonce went to another transaction. The next step then reads the chain afresh.
 */
async function settle(ctx: RunnerContext, record: TaskRecord, sent: SentTx): Promise<StepOutcome> {
  const last = ctx.broadcasts.get(sent.hash);
  const rebroadcast = last === undefined || Date.now() - last >= REBROADCAST_MS;
  const settled = await withRetry(() => settleTx(ctx, sent, { rebroadcast }), {
    signal: ctx.signal,
    onRetry: retryLogger(ctx, record.taskId),
  });
  if (rebroadcast) ctx.broadcasts.set(sent.hash, Date.now());
  const fields = { taskId: record.taskId, step: sent.step, tx: sent.hash, nonce: sent.nonce };
  const what = `the ${sent.step} transaction ${sent.hash} (nonce ${sent.nonce})`;
  switch (settled.kind) {
    case 'pending':
      if (settled.resent) {
        ctx.log.warn({
          event: 'tx-resent',
          message: `the node did not have ${what}; sent the same transaction again`,
          ...fields,
        });
      } else if (last === undefined) {
        ctx.log.info({ event: 'tx-pending', message: `${what} is pending; waiting`, ...fields });
      }
      return wait(`${what} is pending`);

    case 'mined': {
      const { ok, feeWei, blockNumber } = settled.mined;
      ctx.broadcasts.delete(sent.hash);
      await ctx.store.update(record.taskId, {
        sent: undefined,
        gasWei: (BigInt(record.gasWei ?? '0') + feeWei).toString(),
        ...(ok ? { txs: { [txKey(sent)]: sent.hash } } : {}),
      });
      const event = {
        event: ok ? 'tx-mined' : 'tx-reverted',
        message: `${what} ${ok ? 'was mined' : 'reverted'} in block ${blockNumber} (gas ${formatTfuel(feeWei)})${ok ? '' : '; reading the chain again'}`,
        ...fields,
        block: blockNumber,
        feeWei: feeWei.toString(),
      };
      if (ok) ctx.log.info(event);
      else ctx.log.warn(event);
      return progress;
    }

    case 'replaced':
      ctx.broadcasts.delete(sent.hash);
      await ctx.store.update(record.taskId, { sent: undefined });
      ctx.log.warn({
        event: 'tx-replaced',
        message: `another transaction took nonce ${sent.nonce}: ${what} can never be mined; reading the chain again`,
        ...fields,
      });
      return progress;
  }
}

/** The submission of this runner with this commitment, if its commit landed. */
async function findMySubmission(
  ctx: RunnerContext,
  taskId: bigint,
  commitment: string,
): Promise<MarketSubmission | undefined> {
  const read = reader(ctx, taskId.toString());
  for (let offset: bigint | undefined = 0n; offset !== undefined;) {
    const page = await read(() => listSubmissions(ctx.market, { taskId, offset }));
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

function reader(ctx: RunnerContext, taskId: string) {
  const retry = { signal: ctx.signal, onRetry: retryLogger(ctx, taskId) };
  return <T>(fn: () => Promise<T>) => withRetry(fn, retry);
}

function shortMessage(error: unknown): string {
  if (error instanceof MarketError) return error.shortMessage;
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

function retryLogger(ctx: RunnerContext, taskId: string) {
  return (error: unknown, attempt: number, delayMs: number) =>
    ctx.log.warn({
      event: 'retry',
      taskId,
      message: `${(error as Error).message} (attempt ${attempt}, retrying in ${delayMs} ms)`,
    });
}
