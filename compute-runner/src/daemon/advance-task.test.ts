import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { BUNDLE_FILES } from '@tem/core/task';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commit,
  finalize,
  fixTestSeed,
  getCredit,
  getTask,
  recordScore,
  reveal,
  signScore,
  signTestSeed,
  type CommitReturnType,
} from '@tem/core/market';
import { ROLES, SOLVERS } from '@tem/testkit/roles';
import type { RunnerConfig } from '../config/index.js';
import type { RecordFields, TaskRecord } from '../state/index.js';
import { startLocalMarket, type LocalMarket } from '../test-support/local-market.js';
import { advanceTask } from './advance-task.js';
import type { StepOutcome } from './step-outcome.js';
import type { RunnerEvent } from './log.js';
import { isNonceTaken } from './nonce-taken.js';
import { createRunnerContext, type RunnerContext } from './runner-context.js';
import { taskDirs } from './train-for-task.js';

let local: LocalMarket;
const contexts: RunnerContext[] = [];
beforeAll(async () => {
  local = await startLocalMarket();
}, 120_000);
afterAll(async () => {
  for (const ctx of contexts) ctx.provider.destroy();
  await local?.close();
});

const noSpec = async () => {
  throw new Error('no spec is read before the reveal');
};

/** A runner context over `stateDir` (a new one is a restarted runner), with its log. */
async function runner(
  stateDir?: string,
  account: number = ROLES.solver,
  overrides: Partial<RunnerConfig> = {},
) {
  const events: RunnerEvent[] = [];
  const log = {
    info: (e: RunnerEvent) => events.push(e),
    warn: (e: RunnerEvent) => events.push(e),
  };
  const wallet = new Wallet(local.chain.accounts[account]!.privateKey);
  const config = await local.runnerConfig({ ...(stateDir ? { stateDir } : {}), ...overrides });
  const ctx = await createRunnerContext(config, wallet, log, {}, new AbortController().signal);
  contexts.push(ctx);
  return { ctx, events };
}

/** A task this runner has trained a (stand-in) result bundle for, kept in its state folder. */
async function uploadedTask(ctx: RunnerContext) {
  const { taskId, specCid } = await local.createTask({ title: 'Commit with a slow receipt' });
  const id = taskId.toString();
  const workDir = join(ctx.config.stateDir, 'tasks', id);
  const bundle = taskDirs(workDir).bundle;
  await mkdir(bundle, { recursive: true });
  for (const name of [BUNDLE_FILES.manifest, BUNDLE_FILES.alice, BUNDLE_FILES.bob])
    await writeFile(join(bundle, name), `${name} of task ${taskId}`);
  await ctx.store.update(id, { phase: 'trained', specCid, workDir });
  return { id, taskId };
}

function stored(ctx: RunnerContext, id: string): TaskRecord & RecordFields {
  const record = ctx.store.get(id);
  if (!record) throw new Error(`no record of task ${id}`);
  return record;
}

const step = (ctx: RunnerContext, id: string): Promise<StepOutcome> =>
  advanceTask(ctx, stored(ctx, id), noSpec);

/**
 * Steps until the task waits; returns the wait. A wait for the task's own transaction counts only
 * with `pendingIsWait` (blocks held back): otherwise the transaction is being mined (anvil's
 * automine may answer a moment after the send), and stepping goes on once it has its receipt.
 */
async function untilWait(
  ctx: RunnerContext,
  id: string,
  { pendingIsWait = false } = {},
): Promise<StepOutcome> {
  for (let i = 0; i < 10; i++) {
    const outcome = await step(ctx, id);
    if (outcome.kind !== 'wait') continue;
    const sent = stored(ctx, id).sent;
    if (pendingIsWait || sent === undefined) return outcome;
    await receiptOf(sent.hash);
  }
  throw new Error('the task never waited');
}

async function receiptOf(hash: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await local.chain.provider.getTransactionReceipt(hash)) === null) {
    if (Date.now() > deadline) throw new Error(`transaction ${hash} was never mined`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function counts(address: string) {
  const [mined, pending] = await Promise.all([
    local.chain.provider.getTransactionCount(address, 'latest'),
    local.chain.provider.getTransactionCount(address, 'pending'),
  ]);
  return { mined, pending };
}

async function withoutAutomine<T>(fn: () => Promise<T>): Promise<T> {
  await local.chain.provider.send('evm_setAutomine', [false]);
  try {
    return await fn();
  } finally {
    await local.chain.provider.send('evm_setAutomine', [true]);
  }
}

describe('advanceTask settles its own transaction before deciding', () => {
  it('records the commit before sending it, waits while it is pending, then reads the chain', async () => {
    const { ctx } = await runner();
    const { id, taskId } = await uploadedTask(ctx);
    await withoutAutomine(async () => {
      const before = await counts(ctx.address);
      expect(await step(ctx, id)).toEqual({ kind: 'progress' });
      const sending = stored(ctx, id);
      expect(sending).toMatchObject({ phase: 'committing', sent: { step: 'commit' } });
      expect(sending.sent?.nonce).toBe(before.mined);
      expect(sending.salt).toMatch(/^0x[0-9a-f]{64}$/);

      expect(await untilWait(ctx, id, { pendingIsWait: true })).toMatchObject({
        why: expect.stringMatching(/pending/),
      });
      expect(await counts(ctx.address)).toEqual({
        mined: before.mined,
        pending: before.mined + 1,
      });
      await local.chain.mine();
    });
    expect(await untilWait(ctx, id)).toMatchObject({
      why: expect.stringMatching(/the bundle stays private until the commit deadline/),
    });
    const record = stored(ctx, id);
    expect(record).toMatchObject({ phase: 'committed', submissionId: '1' });
    // Only the CID, computed locally, was committed: nothing is on the gateway yet.
    expect(record.resultCid).toMatch(/^bafy/);
    const published = await fetch(`${local.gateway.url}/ipfs/${record.resultCid}?format=car`);
    expect(published.status).not.toBe(200);
    expect(record.sent).toBeUndefined();
    expect(record.txs.commit).toMatch(/^0x[0-9a-f]{64}$/);
    expect(BigInt(record.gasWei ?? '0')).toBeGreaterThan(0n);
    expect((await getTask(ctx.market, { taskId })).submissionCount).toBe(1n);
  });

  it('after a restart, sends a dropped transaction again: same bytes, same nonce, same hash', async () => {
    const first = await runner();
    const { id, taskId } = await uploadedTask(first.ctx);
    await withoutAutomine(async () => {
      await step(first.ctx, id);
      const sent = stored(first.ctx, id).sent;
      if (!sent) throw new Error('no commit recorded');
      await local.chain.provider.send('anvil_dropTransaction', [sent.hash]);
      expect((await counts(first.ctx.address)).pending).toBe(sent.nonce);

      const restarted = await runner(first.ctx.config.stateDir);
      expect(await step(restarted.ctx, id)).toMatchObject({ kind: 'wait' });
      expect(restarted.events.map((e) => e.event)).toContain('tx-resent');
      const pool = (await local.chain.provider.send('eth_getTransactionByHash', [sent.hash])) as {
        nonce: string;
      } | null;
      expect(Number(pool?.nonce)).toBe(sent.nonce);
      await local.chain.mine();
      await untilWait(restarted.ctx, id);
      expect(stored(restarted.ctx, id)).toMatchObject({
        phase: 'committed',
        txs: { commit: sent.hash },
      });
    });
    expect((await getTask(first.ctx.market, { taskId })).submissionCount).toBe(1n);
  });

  it('after a restart, forgets a transaction whose nonce another one took, and commits again with the same salt', async () => {
    const first = await runner();
    const { id, taskId } = await uploadedTask(first.ctx);
    await withoutAutomine(async () => {
      await step(first.ctx, id);
      const { sent, salt } = stored(first.ctx, id);
      if (!sent) throw new Error('no commit recorded');
      await local.chain.provider.send('anvil_dropTransaction', [sent.hash]);
      // The operator's own wallet spends the nonce meanwhile.
      const wallet = local.chain.wallet(ROLES.solver);
      await wallet.sendTransaction({ to: wallet.address, value: 1n, nonce: sent.nonce });
      await local.chain.mine();

      const restarted = await runner(first.ctx.config.stateDir);
      expect(await step(restarted.ctx, id)).toEqual({ kind: 'progress' });
      expect(restarted.events.map((e) => e.event)).toContain('tx-replaced');
      expect(await step(restarted.ctx, id)).toEqual({ kind: 'progress' });
      const again = stored(restarted.ctx, id);
      expect(again).toMatchObject({ phase: 'committing', salt });
      expect(again.sent?.nonce).toBe(sent.nonce + 1);
      await local.chain.mine();
      await untilWait(restarted.ctx, id);
    });
    const reopened = await runner(first.ctx.config.stateDir);
    expect(stored(reopened.ctx, id)).toMatchObject({ phase: 'committed', submissionId: '1' });
    expect((await getTask(first.ctx.market, { taskId })).submissionCount).toBe(1n);
  });

  it('gives two tasks consecutive nonces while both transactions are pending', async () => {
    const { ctx } = await runner(undefined, ROLES.rival);
    const a = await uploadedTask(ctx);
    const b = await uploadedTask(ctx);
    await withoutAutomine(async () => {
      const { mined } = await counts(ctx.address);
      await step(ctx, a.id);
      await step(ctx, b.id);
      expect([stored(ctx, a.id).sent?.nonce, stored(ctx, b.id).sent?.nonce]).toEqual([
        mined,
        mined + 1,
      ]);
      expect((await counts(ctx.address)).pending).toBe(mined + 2);
      await local.chain.mine();
    });
    await untilWait(ctx, a.id);
    await untilWait(ctx, b.id);
    expect([stored(ctx, a.id).phase, stored(ctx, b.id).phase]).toEqual(['committed', 'committed']);
  });

  it('takes a refused transaction for nothing: sends nothing, keeps the record, waits', async () => {
    const { ctx } = await runner();
    const { id, taskId } = await uploadedTask(ctx);
    await untilWait(ctx, id);
    const committed = stored(ctx, id);
    const task = await getTask(ctx.market, { taskId });
    await local.chain.increaseTime(task.commitDeadline - (await local.chain.now()) + 1n);
    // A record whose salt does not open the commitment: the node refuses the reveal's estimate.
    await ctx.store.update(id, { salt: `0x${'99'.repeat(32)}` });
    const before = await counts(ctx.address);
    // The commit deadline passed: the bundle is uploaded first, then the reveal is tried.
    expect(await step(ctx, id)).toEqual({ kind: 'progress' });
    expect(stored(ctx, id).phase).toBe('uploaded');
    const published = await fetch(`${local.gateway.url}/ipfs/${committed.resultCid}?format=car`);
    expect(published.status).toBe(200);
    const outcome = await step(ctx, id);
    expect(outcome).toMatchObject({
      kind: 'wait',
      warn: true,
      why: expect.stringMatching(/refuses the reveal \(TaskMarket reverted: CommitmentMismatch/),
    });
    expect(await counts(ctx.address)).toEqual(before);
    expect(stored(ctx, id)).toMatchObject({
      phase: 'uploaded',
      submissionId: committed.submissionId,
    });
    expect(stored(ctx, id).sent).toBeUndefined();
  });
});

/** Two tasks won by `account`, finalized (by the owner), their bounties credited to it. */
async function twoWonTasks(account: number) {
  const solver = local.client(account);
  const verifier = local.chain.wallet(ROLES.verifier);
  const resultCid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
  const tasks = [
    await local.createTask({ title: 'Won A', bountyWei: 10n ** 18n }),
    await local.createTask({ title: 'Won B', bountyWei: 2n * 10n ** 18n }),
  ];
  const commits: CommitReturnType[] = [];
  for (const task of tasks) commits.push(await commit(solver, { taskId: task.taskId, resultCid }));
  const last = tasks[1]!;
  await local.chain.increaseTime(last.commitDeadline - (await local.chain.now()) + 1n);
  for (const [i, task] of tasks.entries()) {
    const { submissionId, salt } = commits[i]!;
    await reveal(solver, { taskId: task.taskId, submissionId, resultCid, salt });
  }
  await local.chain.increaseTime(last.revealDeadline - (await local.chain.now()) + 1n);
  for (const [i, task] of tasks.entries()) {
    const { submissionId } = commits[i]!;
    const domain = { chainId: BigInt(local.chain.chainId), contract: local.market };
    const { revealsDigest } = await getTask(solver, { taskId: task.taskId });
    const { testSeed } = await fixTestSeed(solver, {
      taskId: task.taskId,
      signature: await signTestSeed(verifier, { ...domain, taskId: task.taskId, revealsDigest }),
    });
    const score = 500n;
    const signature = await signScore(verifier, {
      chainId: BigInt(local.chain.chainId),
      contract: local.market,
      taskId: task.taskId,
      submissionId,
      resultCid,
      score,
      testSeed,
    });
    await recordScore(solver, {
      taskId: task.taskId,
      submissionId,
      score,
      signatures: [signature],
    });
  }
  await local.chain.increaseTime(last.scoringDeadline - (await local.chain.now()) + 1n);
  for (const task of tasks) await finalize(local.client(ROLES.owner), { taskId: task.taskId });
  return tasks.map((task, i) => ({
    id: task.taskId.toString(),
    bounty: i === 0 ? 10n ** 18n : 2n * 10n ** 18n,
    record: {
      phase: 'finalized' as const,
      specCid: task.specCid,
      workDir: `/state/tasks/${task.taskId}`,
      resultCid,
      salt: commits[i]!.salt,
      commitment: commits[i]!.commitment,
      submissionId: commits[i]!.submissionId.toString(),
    },
  }));
}

describe('advanceTask pays out per account, not per task', () => {
  it("waits for another task's withdraw, and records both tasks withdrawn once no credit is left", async () => {
    const account = SOLVERS[2];
    const { ctx } = await runner(undefined, account);
    const [a, b] = await twoWonTasks(account);
    if (!a || !b) throw new Error('two tasks expected');
    for (const won of [a, b]) await ctx.store.update(won.id, won.record);
    const balanceBefore = await local.chain.provider.getBalance(ctx.address);
    await withoutAutomine(async () => {
      expect(await step(ctx, a.id)).toEqual({ kind: 'progress' });
      expect(stored(ctx, a.id).sent?.step).toBe('withdraw');
      expect(await untilWait(ctx, b.id)).toEqual({
        kind: 'wait',
        why: "another task's withdraw is in flight",
      });
      await local.chain.mine();
    });
    await untilWait(ctx, a.id);
    await untilWait(ctx, b.id);
    expect(stored(ctx, a.id)).toMatchObject({ phase: 'withdrawn', paid: a.bounty.toString() });
    expect(stored(ctx, b.id)).toMatchObject({ phase: 'withdrawn', paid: b.bounty.toString() });
    expect(stored(ctx, b.id).txs.withdraw).toBeUndefined();
    expect(await getCredit(ctx.market, { account: ctx.address })).toBe(0n);
    const gas = BigInt(stored(ctx, a.id).gasWei ?? '0');
    expect(gas).toBeGreaterThan(0n);
    expect(await local.chain.provider.getBalance(ctx.address)).toBe(
      balanceBefore + a.bounty + b.bounty - gas,
    );
  });
});

describe('advanceTask pays to the configured payee', () => {
  it('withdraws with withdrawTo, and records the task withdrawn once no credit is left', async () => {
    const account = SOLVERS[3];
    const payee = local.chain.accounts[SOLVERS[4]]!.address;
    const { ctx } = await runner(undefined, account, { payee });
    const [a, b] = await twoWonTasks(account);
    if (!a || !b) throw new Error('two tasks expected');
    await ctx.store.update(a.id, a.record);
    const payeeBefore = await local.chain.provider.getBalance(payee);
    expect(await step(ctx, a.id)).toEqual({ kind: 'progress' });
    expect(stored(ctx, a.id).sent?.step).toBe('withdrawTo');
    await untilWait(ctx, a.id);
    expect(stored(ctx, a.id)).toMatchObject({ phase: 'withdrawn', paid: a.bounty.toString() });
    expect(stored(ctx, a.id).txs.withdrawTo).toMatch(/^0x[0-9a-f]{64}$/);
    // All of the account's credit went to the payee, which paid no gas.
    expect(await local.chain.provider.getBalance(payee)).toBe(payeeBefore + a.bounty + b.bounty);
    expect(await getCredit(ctx.market, { account: ctx.address })).toBe(0n);
  });
});

describe('isNonceTaken', () => {
  it("recognises anvil's refusals of a transaction whose nonce is taken", async () => {
    const { ctx } = await runner();
    const { id } = await uploadedTask(ctx);
    await withoutAutomine(async () => {
      await step(ctx, id);
      const record = stored(ctx, id);
      const nonce = record.sent?.nonce ?? -1;
      const resend = (salt: string) =>
        commit(ctx.market, {
          taskId: BigInt(id),
          resultCid: record.resultCid ?? '',
          salt,
          overrides: { nonce },
        });
      // Another transaction with the pending nonce (another salt: another commitment).
      const pendingError = await resend(`0x${'77'.repeat(32)}`).catch((e: unknown) => e);
      await local.chain.mine();
      await untilWait(ctx, id);
      const minedError = await resend(record.salt ?? '').catch((e: unknown) => e);
      expect(isNonceTaken(pendingError), String(pendingError)).toBe(true);
      expect(isNonceTaken(minedError), String(minedError)).toBe(true);
      expect(isNonceTaken(new Error('execution reverted'))).toBe(false);
    });
  });
});
