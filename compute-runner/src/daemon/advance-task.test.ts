import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commit, getTask } from '@tem/core/market';
import { ACCOUNTS, startLocalMarket, type LocalMarket } from '../test-support/local-market.js';
import { advanceTask } from './advance-task.js';
import { isNonceTaken } from './nonce-taken.js';
import { createRunnerContext, type RunnerContext } from './runner-context.js';

let local: LocalMarket;
const contexts: RunnerContext[] = [];
beforeAll(async () => {
  local = await startLocalMarket();
}, 120_000);
afterAll(async () => {
  for (const ctx of contexts) ctx.provider.destroy();
  await local?.close();
});

const quiet = { info: () => {}, warn: () => {} };
const noSpec = async () => {
  throw new Error('no spec is read before the reveal');
};

async function uploadedTask() {
  const { taskId, specCid } = await local.createTask({ title: 'Commit with a slow receipt' });
  const wallet = new Wallet(local.chain.accounts[ACCOUNTS.solver]!.privateKey);
  const ctx = await createRunnerContext(
    await local.runnerConfig(),
    wallet,
    quiet,
    {},
    new AbortController().signal,
  );
  contexts.push(ctx);
  const bundle = new TextEncoder().encode(`bundle of task ${taskId}`);
  const resultCid = (await ctx.storage.put({ kind: 'file', content: bundle })).toString();
  const id = taskId.toString();
  await ctx.store.update(id, { phase: 'uploaded', specCid, resultCid });
  return { ctx, id, taskId };
}

/** Waits until the solver has a transaction in the mempool (automine off). */
async function untilPending(ctx: RunnerContext) {
  for (let i = 0; i < 200; i++) {
    const [mined, pending] = await Promise.all([
      ctx.provider.getTransactionCount(ctx.address, 'latest'),
      ctx.provider.getTransactionCount(ctx.address, 'pending'),
    ]);
    if (pending > mined) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the commit transaction never reached the mempool');
}

async function withoutAutomine<T>(fn: () => Promise<T>): Promise<T> {
  await local.chain.provider.send('evm_setAutomine', [false]);
  try {
    return await fn();
  } finally {
    await local.chain.provider.send('evm_setAutomine', [true]);
  }
}

describe('advanceTask never commits twice', () => {
  it('waits while its commit is pending, as after a crash or a lost receipt', async () => {
    const { ctx, id, taskId } = await uploadedTask();
    await withoutAutomine(async () => {
      const first = advanceTask(ctx, ctx.store.get(id)!, noSpec);
      await untilPending(ctx);
      expect(ctx.store.get(id)).toMatchObject({ phase: 'committing' });
      expect(ctx.store.get(id)?.commitNonce).toBeTypeOf('number');

      const again = await advanceTask(ctx, ctx.store.get(id)!, noSpec);
      expect(again).toEqual({ kind: 'wait', why: expect.stringMatching(/pending/) });

      await local.chain.mine();
      await first;
    });
    expect(ctx.store.get(id)).toMatchObject({ phase: 'committed', submissionId: '1' });
    expect((await getTask(ctx.market, { taskId })).submissionCount).toBe(1n);
  });

  it('resends a dropped commit with the same nonce', async () => {
    const { ctx, id, taskId } = await uploadedTask();
    await withoutAutomine(async () => {
      const first = advanceTask(ctx, ctx.store.get(id)!, noSpec);
      await untilPending(ctx);
      const { commitNonce } = ctx.store.get(id)!;
      const block = (await local.chain.provider.send('eth_getBlockByNumber', [
        'pending',
        true,
      ])) as {
        transactions: { hash: string; from: string }[];
      };
      const sent = block.transactions.find(
        (tx) => tx.from.toLowerCase() === ctx.address.toLowerCase(),
      );
      expect(sent).toBeDefined();
      await local.chain.provider.send('anvil_dropTransaction', [sent!.hash]);

      const resend = advanceTask(ctx, ctx.store.get(id)!, noSpec);
      await untilPending(ctx);
      expect(ctx.store.get(id)?.commitNonce).toBe(commitNonce);
      await local.chain.mine();
      await Promise.all([first, resend]);
    });
    expect(ctx.store.get(id)).toMatchObject({ phase: 'committed', submissionId: '1' });
    expect((await getTask(ctx.market, { taskId })).submissionCount).toBe(1n);
  });

  it("recognises the node's refusal of a resend whose nonce is taken", async () => {
    const { ctx, id } = await uploadedTask();
    await withoutAutomine(async () => {
      const first = advanceTask(ctx, ctx.store.get(id)!, noSpec);
      await untilPending(ctx);
      const record = ctx.store.get(id)!;
      const resend = (salt: string) =>
        commit(ctx.market, {
          taskId: BigInt(id),
          resultCid: record.resultCid!,
          salt,
          overrides: { nonce: record.commitNonce! },
        });
      // Another transaction with the pending nonce (another salt: another commitment).
      const pendingError = await resend(`0x${'77'.repeat(32)}`).catch((e: unknown) => e);
      await local.chain.mine();
      await first;
      const minedError = await resend(record.salt!).catch((e: unknown) => e);
      expect(isNonceTaken(pendingError), String(pendingError)).toBe(true);
      expect(isNonceTaken(minedError), String(minedError)).toBe(true);
      expect(isNonceTaken(new Error('execution reverted'))).toBe(false);
    });
  });
});
