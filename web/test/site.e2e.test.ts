import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedFetch, localGatewayStore } from '@tem/core/ipfs';
import {
  commit,
  createMarketClient,
  createTask,
  eventsNamed,
  getCredit,
  getTask,
  getTaskCount,
  scanEvents,
  type MarketClient,
} from '@tem/core/market';
import { ROLES } from '@tem/testkit/roles';
import { formatScore } from '../src/format/score.js';
import { publishBundle, trueScore } from './test-support/market-fixture.js';
import { txConfirmed } from './test-support/tx-confirmed.js';
import { outputDir, startStack, type Stack } from './test-support/stack.js';
import { startSubdomainGateway } from './test-support/subdomain-gateway.js';

const XSS_TITLE = '<img src=x onerror="window.__xss=1">Cipher <b>bold</b>';
const XSS_DESCRIPTION =
  '<script>window.__xss=2</script><a href="javascript:window.__xss=3">click</a>';
const BOUNTY_WEI = 5n * 10n ** 18n;
const BOND_WEI = 5n * 10n ** 17n;
const WINDOW_MINUTES = 10;
const OWNER = ROLES.owner;
const SOLVER = ROLES.solver;
const VERIFIER = ROLES.verifier;
/** Commits and never reveals: its bond is forfeited to the winner. */
const JUNK = ROLES.rival;
/** Where the owner withdraws its refund with `withdrawTo`. */
const PAYEE = ROLES.stranger;

let stack: Stack;

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(outputDir, `${name}.png`), fullPage: true });
}

async function connect(page: Page) {
  await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
  await page.getByRole('button', { name: /Switch to Theta Privatenet/ }).click();
  await expect
    .poll(() => page.locator('.wallet-panel').textContent())
    .toContain('Theta Privatenet');
}

/** Buttons and links without an accessible name. */
async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('button, a[href]')]
      .filter((el) => !(el.textContent ?? '').trim() && !el.getAttribute('aria-label'))
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

/** Form controls without an accessible label. */
async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => {
        const control = el as HTMLInputElement;
        return (
          control.labels?.length === 0 &&
          !control.getAttribute('aria-label') &&
          control.type !== 'hidden'
        );
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

/** A `width`×`height` 24-bit BMP with a colour gradient (width a multiple of 4: no row padding). */
function smallBmp(width: number, height: number): Uint8Array {
  const pixels = width * height * 3;
  const bytes = new Uint8Array(54 + pixels);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  view.setUint32(34, pixels, true);
  for (let i = 0; i < pixels; i++) bytes[54 + i] = (i * 7) & 0xff;
  return bytes;
}

function market(account: number): MarketClient {
  return createMarketClient({ address: stack.market, signer: stack.chain.wallet(account) });
}

/** The page's wallet calls of `method`, with their parameters. */
async function walletCalls(page: Page, method: string): Promise<unknown[]> {
  return page.evaluate(
    (m) =>
      ((window as { __walletLog?: { method: string; params: unknown }[] }).__walletLog ?? [])
        .filter((c) => c.method === m)
        .map((c) => c.params),
    method,
  );
}

/** Moves chain time past `deadline`. */
async function pass(deadline: bigint) {
  const now = await stack.chain.now();
  if (now <= deadline) await stack.chain.increaseTime(deadline - now + 1n);
}

describe('the site in a real browser, served from /ipfs/<cid>/', () => {
  beforeAll(async () => {
    await mkdir(outputDir, { recursive: true });
    stack = await startStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    for (const name of ['secret', 'wrong', 'picked']) {
      await rm(
        path.join(tmpdir(), `tem-${name}-${process.pid}.${name === 'picked' ? 'bmp' : 'json'}`),
        { force: true },
      );
    }
  });

  it('ships initial JavaScript within the 150 KB gzip budget, with relative asset paths', async () => {
    expect(stack.build.initialJsGzip).toBeLessThanOrEqual(150 * 1024);
    const html = await readFile(path.join(stack.build.distDir, 'index.html'), 'utf8');
    expect(html).toMatch(/src="\.\/assets\/main-[A-Z0-9]+\.js"/);
    expect(html).not.toMatch(/(src|href)="\//);
  });

  it('runs the whole flow on TaskMarket v2 through Theta’s RPC: create with a bond and one verifier, commit, reveal, seed, score, finalize, withdraw; XSS payloads stay inert', async () => {
    const ownerContext = await stack.walletContext(OWNER);
    const solverContext = await stack.walletContext(SOLVER);
    const owner = await ownerContext.newPage();
    const solver = await solverContext.newPage();
    const pageErrors: string[] = [];
    for (const page of [owner, solver]) page.on('pageerror', (e) => pageErrors.push(e.message));
    const verifierAddress = stack.chain.accounts[VERIFIER]!.address;
    const solverAddress = stack.chain.accounts[SOLVER]!.address;

    // Read-only browsing first: the empty list, keyboard basics.
    await owner.goto(stack.siteUrl);
    await owner.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
    await owner.keyboard.press('Tab');
    expect(await owner.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    expect(await unlabelledControls(owner)).toEqual([]);
    expect(await owner.evaluate(() => document.documentElement.lang)).toBe('en');

    // Create a task through the wizard, with HTML and script in its title and description.
    await connect(owner);
    const [added] = await walletCalls(owner, 'wallet_addEthereumChain');
    expect(added).toMatchObject([
      {
        chainId: '0x16e',
        nativeCurrency: { symbol: 'TFUEL', decimals: 18 },
        rpcUrls: [stack.thetaRpc.url],
      },
    ]);
    await owner
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Create a task' })
      .click();
    await owner.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => owner.evaluate(() => document.activeElement?.id)).toBe('field-title');
    expect(await owner.locator('#field-title-error').textContent()).toBeTruthy();
    await owner.getByLabel('Title').fill(XSS_TITLE);
    await owner.getByLabel('Description').fill(XSS_DESCRIPTION);
    expect(await unlabelledControls(owner)).toEqual([]);
    expect(await owner.locator('#field-title-error').count()).toBe(0);
    await shot(owner, 'wizard');
    // The wizard works from the keyboard: Enter in a field submits the step.
    await owner.getByLabel('Title').press('Enter');
    await owner.getByLabel('Population').waitFor();
    await owner.getByLabel('Population').fill('100');
    // The bundle is the reference's U1 pair: P inputs, the otp layout (short-key needs P + K).
    await owner.getByLabel('Key regime').selectOption('otp');
    await owner.getByLabel('Test streams').fill('4');
    expect(await unlabelledControls(owner)).toEqual([]);
    await owner.getByRole('button', { name: 'Next' }).click();
    // One verifier: the deployment's own endpoint is proposed.
    expect(await owner.getByLabel('Verifier 1 address').inputValue()).toBe(verifierAddress);
    expect(await owner.getByLabel('Verifier 1 URL').inputValue()).toBe(
      `${stack.functions.url}/api/verify`,
    );
    expect(await unlabelledControls(owner)).toEqual([]);
    await owner.getByRole('button', { name: 'Next' }).click();
    await owner.getByLabel('Bounty (TFuel)').fill('5');
    await owner.getByLabel('Commit bond (TFuel)').fill('0.5');
    for (const label of ['Commit window', 'Reveal window', 'Scoring window']) {
      await owner.getByLabel(label).fill(String(WINDOW_MINUTES));
    }
    // One verifier: no seed window to set.
    expect(await owner.getByLabel('Seed window').count()).toBe(0);
    await owner.getByRole('button', { name: 'Next' }).click();
    expect(await owner.getByTestId('review-bond').textContent()).toContain('0.5 TFuel per commit');
    // A double click sends one task, and once it is confirmed the button stays disabled.
    await owner.getByRole('button', { name: 'Upload spec and create task' }).dblclick();
    await txConfirmed(owner, 'Create task');
    const taskId = BigInt(
      (await owner.getByTestId('created-task-link').textContent())!.replace(/\D/g, ''),
    );
    const submit = owner.locator('form button[type="submit"]');
    expect(await submit.textContent()).toBe(`Task #${taskId} created`);
    expect(await submit.isDisabled()).toBe(true);
    await submit.click({ force: true });
    const sent = await walletCalls(owner, 'eth_sendTransaction');
    expect(sent).toHaveLength(1);
    // A legacy transaction at the network's gas price: what Theta's ledger accepts.
    const [createTx] = sent[0] as [Record<string, unknown>];
    expect(createTx).toMatchObject({ type: '0x0' });
    expect(BigInt(createTx.gasPrice as string)).toBeGreaterThanOrEqual(4_000_000_000_000n);
    expect(createTx.maxFeePerGas).toBeUndefined();
    expect(await getTaskCount(market(0))).toBe(taskId);

    const onChain = await getTask(market(0), { taskId });
    expect(onChain.bounty).toBe(BOUNTY_WEI);
    expect(onChain.commitBond).toBe(BOND_WEI);
    expect(onChain.owner).toBe(stack.chain.accounts[OWNER]!.address);
    expect(onChain.verifiers).toEqual([verifierAddress]);
    expect(onChain.threshold).toBe(1);

    // The payloads render as text: no element, no script run, no javascript: link.
    await owner.getByTestId('created-task-link').click();
    await expect.poll(() => owner.getByTestId('task-title').textContent()).toBe(XSS_TITLE);
    await owner.getByText('click', { exact: false }).first().waitFor();
    expect(await owner.locator('.description').textContent()).toBe(XSS_DESCRIPTION);
    expect(await owner.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(
      await owner.locator('main img, main script, main b, a[href^="javascript:"]').count(),
    ).toBe(0);
    expect(await owner.getByTestId('bond').textContent()).toContain('Commit bond 0.5 TFuel');
    expect(await owner.getByTestId('threshold').textContent()).toBe('One verifier');
    expect(await owner.getByTestId('seed-state').textContent()).toBe('Not yet');
    await owner.goto(`${stack.siteUrl}#/`);
    await owner.locator(`tr[data-task-id="${taskId}"]`).waitFor();
    await expect
      .poll(() => owner.locator(`tr[data-task-id="${taskId}"] .task-title`).textContent())
      .toContain(XSS_TITLE);
    expect(await owner.locator(`tr[data-task-id="${taskId}"]`).textContent()).toContain(
      'Open for commits',
    );
    expect(await owner.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await owner.getByTestId('list-source').textContent()).toContain('functions cache');
    await owner.getByLabel('Phase').selectOption('reveal');
    await owner.getByText('No tasks match.').waitFor();
    await owner.getByLabel('Phase').selectOption('commit');
    await owner.locator(`tr[data-task-id="${taskId}"]`).waitFor();
    await owner.getByLabel('Sort by').selectOption('bounty');
    await shot(owner, 'task-list');

    // The solver commits a result bundle by hand, paying the bond, and keeps the salt.
    const bundleCid = await publishBundle(stack, taskId, onChain.specCid!);
    await solver.goto(`${stack.siteUrl}#/tasks/${taskId}`);
    await connect(solver);
    expect(await solver.getByTestId('commit-bond').textContent()).toContain(
      'Committing pays a bond of 0.5 TFuel',
    );
    await solver.getByLabel('Result bundle CID').fill(bundleCid);
    await solver.getByRole('button', { name: 'Commit' }).click();
    await txConfirmed(solver, 'Commit');
    await solver.getByRole('link', { name: 'Download the commit secret' }).waitFor();
    await expect
      .poll(() => solver.getByTestId('commit-secret').textContent())
      .toContain('submission #1');
    const [download] = await Promise.all([
      solver.waitForEvent('download'),
      solver.getByRole('link', { name: 'Download the commit secret' }).click(),
    ]);
    const secretPath = path.join(tmpdir(), `tem-secret-${process.pid}.json`);
    await download.saveAs(secretPath);
    const secret = JSON.parse(await readFile(secretPath, 'utf8'));
    expect(secret.resultCid).toBe(bundleCid);
    expect(secret.salt).toMatch(/^0x[0-9a-f]{64}$/);
    expect(secret.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(secret.commitment).toMatch(/^0x[0-9a-f]{64}$/);
    const submissionId = BigInt(secret.submissionId);
    const [commitTx] = (await walletCalls(solver, 'eth_sendTransaction'))[0] as [
      Record<string, unknown>,
    ];
    expect(BigInt(commitTx.value as string)).toBe(BOND_WEI);
    const stored = await solver.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('tem:commit:')),
    );
    expect(stored).toHaveLength(1);
    // A second commit would replace the saved salt: it waits until the solver says a copy is kept.
    expect(await solver.getByRole('button', { name: 'Commit' }).isDisabled()).toBe(true);
    await solver.getByLabel(/I kept a copy of the commit secret/).check();
    expect(await solver.getByRole('button', { name: 'Commit' }).isEnabled()).toBe(true);
    expect(await unnamedControls(solver)).toEqual([]);
    await shot(solver, 'task-commit');
    // Another solver commits junk and never reveals: its bond is forfeited.
    const junk = await commit(market(JUNK), { taskId, resultCid: bundleCid });
    expect(await stack.chain.provider.getBalance(stack.market)).toBe(BOUNTY_WEI + 2n * BOND_WEI);

    // Reveal. Theta's RPC gives no revert data, so a wrong salt is explained from the chain
    // state in words; the right one lands and the bond comes back.
    await pass(onChain.commitDeadline);
    await solver.reload();
    await connect(solver);
    const wrongPath = path.join(tmpdir(), `tem-wrong-${process.pid}.json`);
    await writeFile(wrongPath, JSON.stringify({ ...secret, salt: `0x${'11'.repeat(32)}` }));
    await solver.getByLabel('Load a commit secret file').setInputFiles(wrongPath);
    await solver.getByRole('button', { name: `Reveal submission #${submissionId}` }).click();
    await solver.locator('[data-tx="failed"]').waitFor({ timeout: 30_000 });
    expect(await solver.locator('[data-tx="failed"]').textContent()).toBe(
      `Reveal failed: The contract refused: The result CID and salt do not match the commitment of submission #${submissionId}: this is not the commit secret it was made with.`,
    );
    await solver.getByLabel('Load a commit secret file').setInputFiles(secretPath);
    await solver.getByRole('button', { name: `Reveal submission #${submissionId}` }).click();
    await txConfirmed(solver, 'Reveal');
    await expect
      .poll(() => solver.locator(`tr[data-submission-id="${submissionId}"]`).textContent())
      .toContain('Revealed');
    expect(await stack.chain.provider.getBalance(stack.market)).toBe(BOUNTY_WEI + BOND_WEI);

    // After the reveal window the verifier fixes the seed: anyone fetches its signature and relays it.
    await pass(onChain.revealDeadline);
    await solver.reload();
    await connect(solver);
    await expect
      .poll(() => solver.getByTestId('seed-state').textContent())
      .toBe('Waiting for the verifier');
    expect(await solver.getByTestId('forfeited').textContent()).toContain(
      '1 never revealed: 0.5 TFuel forfeited',
    );
    expect(
      await solver.locator(`tr[data-submission-id="${junk.submissionId}"]`).textContent(),
    ).toContain('Never revealed: bond forfeited');
    await solver.getByRole('button', { name: 'Ask the verifier and relay the seed' }).click();
    await txConfirmed(solver, 'Relay the test seed');
    await expect.poll(() => solver.getByTestId('seed-state').textContent()).toBe('Fixed');
    const seeded = await getTask(market(0), { taskId });
    expect(seeded.testSeed).not.toMatch(/^0x0+$/);

    // The verifier's signed score shows in the leaderboard; the solver relays it.
    const score = await trueScore(stack, onChain.specCid!, bundleCid, seeded.testSeed);
    const row = solver.locator(`tr[data-submission-id="${submissionId}"]`);
    await expect
      .poll(() => row.locator(`[data-verifier="${verifierAddress}"]`).getAttribute('data-signed'), {
        timeout: 120_000,
      })
      .toBe(score.toString());
    expect(await row.textContent()).toContain('Signed by a quorum, not relayed');
    await shot(solver, 'task-signed-score');
    await row.getByRole('button', { name: `Relay score ${formatScore(score)}` }).click();
    await txConfirmed(solver, `Relay the score of #${submissionId}`);
    await expect.poll(() => row.textContent()).toContain('Scored (best)');
    expect(await row.locator('.agreement').textContent()).toBe(
      `${formatScore(score)}: signed by verifier 1. Recorded on chain, the best when recorded.`,
    );
    expect((await getTask(market(0), { taskId })).bestScore).toBe(score);

    // Finalize: the winner gets the bounty and the forfeited bond.
    await pass(onChain.scoringDeadline);
    await owner.goto(`${stack.siteUrl}#/tasks/${taskId}`);
    const finalizeText = owner.locator('section', { has: owner.locator('#finalize-heading') });
    await expect
      .poll(() => finalizeText.textContent())
      .toContain('Finalizing credits 5.5 TFuel (the bounty plus 0.5 TFuel of forfeited bonds)');
    await owner.getByRole('button', { name: `Finalize task #${taskId}` }).click();
    await txConfirmed(owner, 'Finalize');
    await expect.poll(() => owner.locator('.task-summary').textContent()).toContain('Finalized');
    await expect
      .poll(() => owner.getByTestId('outcome').textContent())
      .toContain(`Submission #${submissionId} won`);
    expect(await owner.getByTestId('outcome').textContent()).toContain(
      'was credited 5.5 TFuel, including 0.5 TFuel of forfeited bonds',
    );
    expect(
      await owner.locator(`tr[data-submission-id="${submissionId}"] .score-number`).textContent(),
    ).toBe(formatScore(score));
    await shot(owner, 'task-finalized');

    // Anyone re-checks the score in a Web Worker running the verifier's code over the seed on chain.
    const ownerRow = owner.locator(`tr[data-submission-id="${submissionId}"]`);
    await ownerRow.getByRole('button', { name: 'Re-check score' }).click();
    await owner.getByTestId('recheck-result').waitFor({ timeout: 60_000 });
    const recheck = await owner.getByTestId('recheck-result').textContent();
    expect(recheck).toContain(`Score computed in your browser: ${formatScore(score)}`);
    expect(recheck).toContain('It matches the score recorded on chain.');
    expect(recheck).toContain('Every verifier that answered signed the same (1).');
    expect(recheck).toContain(seeded.testSeed);

    // The encryption preview: TestImage.bmp through the submission's Alice and Bob, side by side.
    await ownerRow.getByRole('link', { name: 'Encryption preview' }).click();
    // What a person waits for: the three images drawn (the figures show with them).
    await owner.locator('.canvases[data-painted="true"]').waitFor({ timeout: 30_000 });
    expect(await owner.getByTestId('preview-stats').textContent()).toMatch(
      /TestImage\.bmp: \d+×\d+\. Bob recovered/,
    );
    const layers = await owner.evaluate(() =>
      [...document.querySelectorAll('canvas')].map((c) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4)
          sum = (sum * 31 + d[i]! + d[i + 1]! + d[i + 2]!) % 1_000_000_007;
        return { width: c.width, height: c.height, hash: sum };
      }),
    );
    expect(layers).toHaveLength(3);
    expect(layers[0]!.width).toBeGreaterThan(0);
    expect(layers[1]!.hash).not.toBe(layers[0]!.hash);
    expect(await unlabelledControls(owner)).toEqual([]);
    expect(await unnamedControls(owner)).toEqual([]);
    await shot(owner, 'encryption-preview');
    // Another hash: nothing of this submission's images or figures stays on screen.
    await owner.evaluate((id) => (location.hash = `#/tasks/${id}/preview/99`), taskId.toString());
    await owner.getByText(`task ${taskId} has no submission 99`).waitFor();
    expect(await owner.getByTestId('preview-stats').count()).toBe(0);
    const blank = await owner.evaluate(() =>
      [...document.querySelectorAll('canvas')].every(
        (c) =>
          c.width * c.height === 0 ||
          c
            .getContext('2d')!
            .getImageData(0, 0, c.width, c.height)
            .data.every((v) => v === 0),
      ),
    );
    expect(blank).toBe(true);
    await owner.goBack();
    await owner.locator('.canvases[data-painted="true"]').waitFor({ timeout: 30_000 });
    // A visitor's own image: a 16×8 24-bit BMP made here.
    const picked = path.join(tmpdir(), `tem-picked-${process.pid}.bmp`);
    await writeFile(picked, smallBmp(16, 8));
    await owner.getByLabel(/^Image/).setInputFiles(picked);
    await expect
      .poll(() => owner.getByTestId('preview-stats').textContent())
      .toMatch(/^tem-picked-\d+\.bmp: 16×8\./);

    // The solver withdraws the bounty and the forfeited bond; balances are checked on chain.
    const payout = BOUNTY_WEI + BOND_WEI;
    expect(await getCredit(market(0), { account: solverAddress })).toBe(payout);
    const before = await stack.chain.provider.getBalance(solverAddress);
    await solver.goto(`${stack.siteUrl}#/account`);
    await expect.poll(() => solver.getByTestId('credit').textContent()).toContain('5.5 TFuel');
    // A refusal in the wallet is reported as such, and nothing moves.
    await solver.evaluate(() => ((window as { __rejectNext?: boolean }).__rejectNext = true));
    await solver.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await solver.locator('[data-tx="failed"]').waitFor({ timeout: 30_000 });
    expect(await solver.locator('[data-tx="failed"]').textContent()).toContain(
      'You rejected the request in your wallet.',
    );
    expect(await getCredit(market(0), { account: solverAddress })).toBe(payout);
    const sentBefore = (await walletCalls(solver, 'eth_sendTransaction')).length;
    // A double click withdraws once; the button stays disabled once the credit is paid out.
    await solver.getByRole('button', { name: 'Withdraw', exact: true }).dblclick();
    await txConfirmed(solver, 'Withdraw');
    expect(await solver.getByRole('button', { name: 'Withdraw', exact: true }).isDisabled()).toBe(
      true,
    );
    expect((await walletCalls(solver, 'eth_sendTransaction')).length).toBe(sentBefore + 1);
    const after = await stack.chain.provider.getBalance(solverAddress);
    expect(await getCredit(market(0), { account: solverAddress })).toBe(0n);
    // Gas at Theta's 4000 gwei: well under a TFuel for a withdraw.
    expect(after - before).toBeGreaterThan(payout - 10n ** 18n);
    expect(after - before).toBeLessThanOrEqual(payout);
    expect(await stack.chain.provider.getBalance(stack.market)).toBe(0n);
    await expect.poll(() => solver.getByTestId('credit').textContent()).toContain('0 TFuel');
    await shot(solver, 'account');

    // An owner cancels a task nobody committed to, and withdraws the refund to another address.
    const now = await stack.chain.now();
    const { taskId: secondId } = await createTask(market(OWNER), {
      specCid: onChain.specCid!,
      bounty: BOUNTY_WEI,
      commitDeadline: now + 600n,
      revealDeadline: now + 1200n,
      scoringDeadline: now + 1800n,
      verifiers: [verifierAddress],
    });
    const ownerAddress = stack.chain.accounts[OWNER]!.address;
    const ownerCredit = await getCredit(market(0), { account: ownerAddress });
    await owner.goto(`${stack.siteUrl}#/tasks/${secondId}`);
    await owner.getByRole('button', { name: `Cancel task #${secondId}` }).click();
    await txConfirmed(owner, 'Cancel');
    await expect.poll(() => owner.locator('.task-summary').textContent()).toContain('Cancelled');
    expect(await getCredit(market(0), { account: ownerAddress })).toBe(ownerCredit + BOUNTY_WEI);
    const payee = stack.chain.accounts[PAYEE]!.address;
    const payeeBefore = await stack.chain.provider.getBalance(payee);
    await owner.goto(`${stack.siteUrl}#/account`);
    await expect.poll(() => owner.getByTestId('credit').textContent()).toContain('5 TFuel');
    await owner.getByLabel('Or send it to another address').fill('0x1234');
    await owner.getByRole('button', { name: 'Withdraw to this address' }).click();
    expect(await owner.locator('#payee-error').textContent()).toContain('0x followed by 40');
    await owner.getByLabel('Or send it to another address').fill(payee);
    await owner.getByRole('button', { name: 'Withdraw to this address' }).click();
    await txConfirmed(owner, 'Withdraw to another address');
    expect(await stack.chain.provider.getBalance(payee)).toBe(payeeBefore + BOUNTY_WEI);
    const { events } = await scanEvents(market(0), {
      fromBlock: stack.deployBlock,
      eventNames: ['Withdrawn'],
    });
    expect(eventsNamed(events, 'Withdrawn').at(-1)?.args).toMatchObject({
      account: ownerAddress,
      payee,
      amount: BOUNTY_WEI,
    });

    // A spec that fails the schema (a javascript: verifier URL) is reported, never used.
    const badSpec = new TextEncoder().encode(
      JSON.stringify({
        ...JSON.parse(
          await createVerifiedFetch({ gateways: [stack.gateway.url] }).text(onChain.specCid!),
        ),
        verifier: { url: 'javascript:alert(1)', address: verifierAddress },
      }),
    );
    const badCid = await localGatewayStore({ url: stack.gateway.url }).put({
      kind: 'file',
      content: badSpec,
    });
    const later = await stack.chain.now();
    const { taskId: badId } = await createTask(market(OWNER), {
      specCid: badCid.toString(),
      bounty: 1n,
      commitDeadline: later + 600n,
      revealDeadline: later + 1200n,
      scoringDeadline: later + 1800n,
      verifiers: [verifierAddress],
    });
    await owner.goto(`${stack.siteUrl}#/tasks/${badId}`);
    // Through Theta's RPC the task can show before its creation event is final (no spec CID yet);
    // the page reads the CID once the event is, and then names the spec's bad field.
    await expect
      .poll(
        async () =>
          (await owner
            .getByRole('alert')
            .filter({ hasText: 'The spec could not be used' })
            .textContent({ timeout: 1_000 })
            .catch(() => '')) ?? '',
        { timeout: 30_000 },
      )
      .toContain('verifier.url');
    expect(await owner.locator('a[href^="javascript:"]').count()).toBe(0);

    // The site never asked Theta's RPC for what it does not have.
    expect(stack.thetaRpc.calls.get('eth_maxPriorityFeePerGas')).toBeUndefined();
    expect(stack.thetaRpc.calls.get('eth_feeHistory')).toBeUndefined();
    expect(stack.thetaRpc.calls.get('eth_gasPrice')).toBeGreaterThan(0);

    // The functions are an accelerator only: with them down the list comes from the chain.
    await stack.functions.close();
    await owner.goto(`${stack.siteUrl}#/`);
    await owner.locator(`tr[data-task-id="${taskId}"]`).waitFor({ timeout: 30_000 });
    await expect
      .poll(() => owner.getByTestId('list-source').textContent())
      .toContain('straight from the chain');
    expect(await owner.locator(`tr[data-task-id="${taskId}"]`).textContent()).toContain(
      'Finalized',
    );

    expect(pageErrors).toEqual([]);
    await ownerContext.close();
    await solverContext.close();
  }, 300_000);

  it('works from a subdomain gateway, at the origin root, on a phone-sized screen', async () => {
    const subdomains = await startSubdomainGateway(stack.gateway.url);
    const context = await stack.walletContext(SOLVER);
    try {
      const page = await context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`http://${stack.siteCid}.ipfs.localhost:${subdomains.port}/#/tasks/1`);
      // Task 1 is the one the flow above created and finalized.
      await expect
        .poll(() => page.getByTestId('task-title').textContent(), { timeout: 30_000 })
        .toBe(XSS_TITLE);
      expect(await page.locator('footer').textContent()).toContain('Configuration: config.json');
      expect(await page.locator('.task-summary').textContent()).toContain('Finalized');
      await shot(page, 'subdomain-phone-task');
    } finally {
      await context.close();
      await subdomains.close();
    }
  }, 60_000);

  it('falls back to built-in Theta defaults without config.json, and offers a legacy window.ethereum', async () => {
    const url = await stack.publishWithoutConfig();
    const context = await stack.walletContext(OWNER, { announce: false });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: 'No market configured' }).waitFor();
    expect(await page.locator('footer').textContent()).toContain('Configuration: defaults');
    expect(await page.locator('footer').textContent()).toContain('Theta Mainnet');
    await page.getByRole('button', { name: 'Connect Browser wallet' }).waitFor();
    await context.close();
  }, 60_000);
});
