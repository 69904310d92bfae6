import { MarketError } from '@tem/core/market';
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
import { withRetry } from './retry.js';
import type { RunnerContext } from './runner-context.js';
import { progress, waiting, type StepOutcome } from './step-outcome.js';
import { retryLogger } from './step-retry.js';

/** How long a pending transaction goes before this process broadcasts it again. */
const REBROADCAST_MS = 30_000;

/**
 * Signs the step's transaction with the next free nonce, writes it down together with `change`
 * (one atomic write), and only then broadcasts it. A node that refuses the estimate has been
 * sent nothing: the task waits and the chain is read again before any decision.
 */
export async function sendTx(
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
      return waiting(
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
export async function settle(
  ctx: RunnerContext,
  record: TaskRecord,
  sent: SentTx,
): Promise<StepOutcome> {
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
      return waiting(`${what} is pending`);

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

function shortMessage(error: unknown): string {
  if (error instanceof MarketError) return error.shortMessage;
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}
