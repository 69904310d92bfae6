import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMarketClient,
  eventsNamed,
  getTask,
  scanEvents,
  type MarketTask,
} from '@tem/core/market';
import { ROLES } from '@tem/testkit/roles';
import { formatScore } from '../src/format/score.js';
import {
  createTaskOnChain,
  passDeadline,
  revealedSubmission,
  trueScore,
} from './test-support/market-fixture.js';
import { txConfirmed } from './test-support/tx-confirmed.js';
import { VERIFIER_ACCOUNTS, outputDir, startStack, type Stack } from './test-support/stack.js';

let stack: Stack;
let task: MarketTask;
let submissionId: bigint;
let resultCid: string;
/** The verifier whose functions server is stopped after the reveals. */
const DOWN = VERIFIER_ACCOUNTS[2];

const reader = () => createMarketClient({ address: stack.market, provider: stack.chain.provider });

/** Loads the task page afresh (chain time read again) and connects the wallet. */
async function openTask(page: Page) {
  await page.goto(`${stack.siteUrl}#/tasks/${task.id}`);
  await page.reload();
  await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
  await page.getByRole('button', { name: /Switch to Theta Privatenet/ }).click();
  await page.getByTestId('seed-state').waitFor();
}

describe('a task of three verifiers, two of them needed, one down', () => {
  beforeAll(async () => {
    await mkdir(outputDir, { recursive: true });
    stack = await startStack({ verifiers: 3 });
    const { taskId, specCid } = await createTaskOnChain(stack, {
      title: 'Quorum',
      verifiers: [...VERIFIER_ACCOUNTS],
      threshold: 2,
      seedMinutes: 10,
      minutes: [10, 60, 120],
    });
    ({ submissionId, resultCid } = await revealedSubmission(stack, taskId, specCid));
    // One verifier stops before the seed: the other two still fix it and sign a score.
    await stack.verifiers[2]!.close();
    task = await getTask(reader(), { taskId });
    await passDeadline(stack, task.revealDeadline);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('relays the seed from the verifiers that answer, then a score two of them signed', async () => {
    const context = await stack.walletContext(ROLES.relayer);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const address = (account: number) => stack.chain.accounts[account]!.address;
    const down = task.verifiers.indexOf(address(DOWN));
    const up = [0, 1, 2].filter((i) => i !== down);
    const name = (i: number) => `verifier ${i + 1}`;
    try {
      await openTask(page);
      expect(await page.getByTestId('quorum').textContent()).toBe(
        '3 verifiers; a score counts with the matching signatures of 2 of them, and at least 2 must take part in the seed.',
      );
      expect(await page.getByTestId('threshold').textContent()).toBe('2 of 3 verifiers');
      expect(await page.getByTestId('seed-state').textContent()).toBe('Committed 0 of 3');

      // Commit half: each verifier's signed commitment, fetched and checked, then relayed.
      await page
        .getByRole('button', { name: 'Ask 3 verifiers and relay seed commitments' })
        .click();
      await txConfirmed(page, 'Relay seed commitments');
      expect(await page.getByTestId('seed-problems').textContent()).toBe(
        `Not relayed: ${name(down)} ${address(DOWN)}: the endpoint is unreachable`,
      );
      await expect
        .poll(() => page.getByTestId('seed-state').textContent())
        .toBe('Committed 2 of 3');
      await shot(page, 'quorum-seed-committed');

      // Reveal half, once the commit half is over: the two contributions fix the seed.
      await passDeadline(stack, task.seedCommitDeadline);
      await openTask(page);
      await expect
        .poll(() => page.getByTestId('seed-state').textContent())
        .toBe('Committed 2 of 3, revealed 0');
      await page
        .getByRole('button', { name: 'Ask 2 verifiers and relay seed contributions' })
        .click();
      await txConfirmed(page, 'Relay seed contributions');
      await expect.poll(() => page.getByTestId('seed-state').textContent()).toBe('Fixed');
      const seeded = await getTask(reader(), { taskId: task.id });
      expect(seeded.testSeed).not.toMatch(/^0x0+$/);
      const list = page.getByTestId('seed-panel').locator('.verifier-list');
      expect(await list.locator(`[data-verifier="${address(DOWN)}"]`).textContent()).toContain(
        'seed left out',
      );
      for (const i of up) {
        expect(
          await list.locator(`[data-verifier="${task.verifiers[i]}"]`).textContent(),
        ).toContain('seed in the seed');
      }

      // Both live verifiers sign the true score; the stopped one cannot; two make a quorum.
      const score = await trueScore(stack, task.specCid!, resultCid, seeded.testSeed);
      const row = page.locator(`tr[data-submission-id="${submissionId}"]`);
      for (const i of up) {
        await expect
          .poll(
            () => row.locator(`[data-verifier="${task.verifiers[i]}"]`).getAttribute('data-signed'),
            { timeout: 90_000 },
          )
          .toBe(score.toString());
      }
      expect(await row.locator(`[data-verifier="${address(DOWN)}"]`).textContent()).toContain(
        'no signed score (the endpoint is unreachable)',
      );
      const agreed = `${formatScore(score)}: signed by ${name(up[0]!)} and ${name(up[1]!)} (2 of 3; 2 needed: a quorum).`;
      expect(await row.locator('.agreement').textContent()).toBe(`${agreed} Not on chain.`);
      expect(await row.textContent()).toContain('Signed by a quorum, not relayed');
      await row.getByRole('button', { name: `Relay score ${formatScore(score)}` }).click();
      await txConfirmed(page, `Relay the score of #${submissionId}`);
      await expect.poll(() => row.textContent()).toContain('Scored (best)');
      expect(await row.locator('.agreement').textContent()).toBe(
        `${agreed} Recorded on chain with the signatures of ${name(up[0]!)} and ${name(up[1]!)}, the best when recorded.`,
      );
      await shot(page, 'quorum-scored');

      const { events } = await scanEvents(reader(), {
        fromBlock: task.createdBlock,
        eventNames: ['ScoreRecorded'],
        taskId: task.id,
      });
      const [recorded] = eventsNamed(events, 'ScoreRecorded');
      expect(recorded?.args.score).toBe(score);
      expect(Number(recorded?.args.signers)).toBe((1 << up[0]!) | (1 << up[1]!));
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(outputDir, `${name}.png`), fullPage: true });
}
