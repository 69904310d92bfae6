import { afterAll, beforeAll, expect, it } from 'vitest';
import { finalize, getCredit, getTask, recordScore, withdraw } from '@tem/core/market';
import {
  type Market,
  OWNER,
  RELAYER,
  SOLVERS,
  commitResult,
  newTask,
  revealEntry,
  startMarket,
  travelTo,
  verifierSignature,
} from './fixture.js';

let market: Market;
beforeAll(async () => {
  market = await startMarket();
});
afterAll(async () => {
  await market?.stop();
});

it('runs a task from creation to withdrawal', async () => {
  const { taskId, task } = await newTask(market);
  const a = await commitResult(market, taskId, SOLVERS[0], 'a');
  const b = await commitResult(market, taskId, SOLVERS[1], 'b');
  await travelTo(market, task.commitDeadline);
  await revealEntry(market, taskId, a);
  await revealEntry(market, taskId, b);
  for (const [entry, score] of [
    [a, 5n],
    [b, 7n],
  ] as const) {
    const signature = await verifierSignature(market, taskId, entry, score);
    await recordScore(market.client(RELAYER), {
      taskId,
      submissionId: entry.submissionId,
      score,
      signature,
    });
  }
  await travelTo(market, task.scoringDeadline);
  const result = await finalize(market.client(OWNER), { taskId });
  expect(result.winningSubmissionId).toBe(b.submissionId);
  expect(
    await getCredit(market.client(OWNER), { account: market.wallet(SOLVERS[1]).address }),
  ).toBe(10n ** 18n);
  const { amount } = await withdraw(market.client(SOLVERS[1]));
  expect(amount).toBe(10n ** 18n);
  expect((await getTask(market.client(OWNER), { taskId })).state).toBe('finalized');
});
