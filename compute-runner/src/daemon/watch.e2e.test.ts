import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTaskMarket } from '@tem/contracts';
import { getTask } from '@tem/core/market';
import { ROLES } from '@tem/testkit/roles';
import type { RunnerConfig } from '../config/index.js';
import type { RecordFields } from '../state/index.js';
import { startLocalMarket, type LocalMarket } from '../test-support/local-market.js';
import { startInProcessRunner, type InProcessRunner } from '../test-support/in-process-runner.js';

let local: LocalMarket;

beforeAll(async () => {
  local = await startLocalMarket();
});
afterAll(async () => {
  await local?.close();
});

type Runner = InProcessRunner;

const startRunner = (account: number, config: RunnerConfig) =>
  startInProcessRunner(local, account, config);

/** Moves chain time past `deadline`. */
async function jumpTo(deadline: bigint) {
  const now = await local.chain.now();
  if (now <= deadline) await local.chain.increaseTime(deadline - now + 1n);
}

/** Polls until every runner's record of the task reaches `phase` (or a terminal phase). */
async function waitForPhase(
  runners: Runner[],
  taskId: bigint,
  phases: string[],
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = runners.map((r) => r.ctx.store.get(taskId.toString())?.phase);
    if (current.every((p) => p !== undefined && phases.includes(p))) return current;
    if (current.some((p) => p === 'failed')) {
      const reasons = runners.map((r) => {
        const record: RecordFields | undefined = r.ctx.store.get(taskId.toString());
        return record?.reason;
      });
      throw new Error(`a runner failed: ${reasons.join('; ')}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${phases}; at ${current}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('tem watch, end to end on anvil, the local gateway and the functions', () => {
  it('picks up a task, trains, commits, reveals, gets scored, finalizes and withdraws the bounty', async () => {
    const bounty = 2n * 10n ** 18n;
    const task = await local.createTask({ bountyWei: bounty });
    const runner = await startRunner(ROLES.solver, await local.runnerConfig());
    const before = await local.chain.provider.getBalance(runner.ctx.address);
    try {
      await waitForPhase([runner], task.taskId, ['committed']);
      await jumpTo(task.commitDeadline);
      await waitForPhase([runner], task.taskId, ['revealed']);
      await jumpTo(task.revealDeadline);
      await waitForPhase([runner], task.taskId, ['scored']);
      await jumpTo(task.scoringDeadline);
      const summary = await runner.done;
      const record: RecordFields = summary.tasks.find((t) => t.taskId === task.taskId.toString())!;
      expect(record).toMatchObject({ phase: 'withdrawn', paid: bounty.toString() });
      expect(record.txs).toHaveProperty('commit');
      expect(record.txs).toHaveProperty('reveal');
      expect(record.txs).toHaveProperty('fixTestSeed');
      expect(record.txs).toHaveProperty('recordScore');
      expect(record.txs).toHaveProperty('withdraw');
      const after = await local.chain.provider.getBalance(runner.ctx.address);
      // The bounty minus gas: gas on anvil costs far less than 0.01 TFuel here.
      expect(after - before).toBeGreaterThan(bounty - 10n ** 16n);
      const onChain = await getTask(local.client(ROLES.owner), { taskId: task.taskId });
      expect(onChain.state).toBe('finalized');
      expect(onChain.bestSubmissionId.toString()).toBe(record.submissionId);
      expect(runner.events.map((e) => e.event)).toEqual(
        expect.arrayContaining([
          'accepted',
          'training',
          'trained',
          'committed',
          'uploaded',
          'revealed',
          'scored',
          'finalized',
          'withdrawn',
        ]),
      );
    } finally {
      await runner.close();
    }
  });

  it('lets two runners compete through the contract alone; the better score is paid', async () => {
    const task = await local.createTask({ title: 'Two runners' });
    // The rival trains less, so the two submissions differ.
    const solver = await startRunner(
      ROLES.solver,
      await local.runnerConfig({ maxGenerations: 3, seed: 'a' }),
    );
    const rival = await startRunner(
      ROLES.rival,
      await local.runnerConfig({ maxGenerations: 1, seed: 'b' }),
    );
    const runners = [solver, rival];
    try {
      await waitForPhase(runners, task.taskId, ['committed']);
      await jumpTo(task.commitDeadline);
      await waitForPhase(runners, task.taskId, ['revealed']);
      await jumpTo(task.revealDeadline);
      await waitForPhase(runners, task.taskId, ['scored']);
      await jumpTo(task.scoringDeadline);
      const [a, b] = await Promise.all(runners.map((r) => r.done));
      const records = [a!, b!].map((s): RecordFields =>
        s.tasks.find((t) => t.taskId === task.taskId.toString())!,
      );
      const onChain = await getTask(local.client(ROLES.owner), { taskId: task.taskId });
      const winner = records.find((r) => r.submissionId === onChain.bestSubmissionId.toString())!;
      const loser = records.find((r) => r !== winner)!;
      expect(winner.phase).toBe('withdrawn');
      expect(loser.phase).toBe('lost');
      expect(BigInt(winner.score!)).toBeGreaterThanOrEqual(BigInt(loser.score!));
      expect(onChain.bestScore.toString()).toBe(winner.score);
    } finally {
      for (const r of runners) await r.close();
    }
  });

  it('with --once, exits at once when it holds no task and none is open', async () => {
    const { address: emptyMarket } = await deployTaskMarket(local.chain.wallet(ROLES.deployer));
    const runner = await startRunner(
      ROLES.solver,
      await local.runnerConfig({ market: emptyMarket }),
    );
    try {
      const summary = await runner.done;
      expect(summary.tasks).toEqual([]);
      expect(runner.ctx.signal.aborted).toBe(false);
    } finally {
      await runner.close();
    }
  });
});
