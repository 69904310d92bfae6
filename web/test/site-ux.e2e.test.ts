import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTask, createMarketClient } from '@tem/core/market';
import { ROLES } from '@tem/testkit/roles';
import { formatDeadline } from '../src/format/time.js';
import { createTaskOnChain, scoredSubmission } from './test-support/market-fixture.js';
import { outputDir, startStack, type Stack } from './test-support/stack.js';

/** A title of ordinary words, long enough to wrap on a phone. */
const LONG_TITLE =
  'Neural encryption with sixteen-word payloads, a short key and a determined adversary';
const SCORE = 1_349_473n;
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

let stack: Stack;
let taskId: bigint;
let submissionId: bigint;
let resultCid: string;

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(outputDir, `${name}.png`), fullPage: true });
}

/** A page with the test wallet of `account` at the given size. */
async function open(
  account: number,
  viewport: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await stack.walletContext(account);
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  return { context, page };
}

/** Runs `check` on a fresh page of `account`'s wallet at each size, closing it after. */
async function atSizes(
  account: number,
  sizes: { width: number; height: number }[],
  check: (page: Page, width: number) => Promise<void>,
) {
  for (const size of sizes) {
    const { context, page } = await open(account, size);
    try {
      await check(page, size.width);
    } finally {
      await context.close();
    }
  }
}

/**
 * How wide the document is, and which elements stick out past the viewport's right edge without
 * a scrolling box of their own to hold them.
 */
async function overflow(page: Page): Promise<{ scrollWidth: number; offenders: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const contained = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX !== 'visible' && p.getBoundingClientRect().right <= width + 0.5)
          return true;
      }
      return false;
    };
    const offenders = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !contained(el))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent?.slice(0, 50)}`);
    return { scrollWidth: document.documentElement.scrollWidth, offenders: offenders.slice(0, 8) };
  });
}

async function expectNoOverflow(page: Page, where: string) {
  const { scrollWidth, offenders } = await overflow(page);
  expect({ where, scrollWidth, offenders }).toEqual({
    where,
    scrollWidth: page.viewportSize()!.width,
    offenders: [],
  });
}

/** Words of the element's text that the layout split across lines. */
async function brokenWords(locator: Locator): Promise<string[]> {
  return locator.evaluate((el) => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  });
}

/** Whether the element is wholly inside the viewport and inside every scrolling box around it. */
async function fullyVisible(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.left < -0.5 || box.right > innerWidth + 0.5) return false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (getComputedStyle(p).overflowX === 'visible') continue;
      const clip = p.getBoundingClientRect();
      if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5) return false;
    }
    return true;
  });
}

/** Where focus is after a navigation, and whether a ring is drawn around it or around main. */
async function focusAfterNavigation(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    const style = active ? getComputedStyle(active) : null;
    const box = active?.getBoundingClientRect();
    return {
      tag: active?.tagName.toLowerCase(),
      ring: style ? style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 : false,
      height: Math.round(box?.height ?? 0),
      mainRing: getComputedStyle(document.getElementById('main')!).outlineStyle !== 'none',
    };
  });
}

/** Focus rests on the page's heading, with no ring drawn around it or around main. */
async function expectHeadingFocused(page: Page) {
  await expect
    .poll(() => focusAfterNavigation(page))
    .toMatchObject({ tag: 'h1', ring: false, mainRing: false });
}

describe('the site explains itself and fits a phone', () => {
  beforeAll(async () => {
    stack = await startStack();
    ({ taskId } = await createTaskOnChain(stack, { title: LONG_TITLE }));
    const task = await getTask(
      createMarketClient({ address: stack.market, provider: stack.chain.provider }),
      {
        taskId,
      },
    );
    ({ submissionId, resultCid } = await scoredSubmission(stack, taskId, task.specCid!, SCORE));
    // A second task, never committed to: the wizard's and the list's other row.
    await createTaskOnChain(stack, { title: 'Short title' });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('says on the home page what the marketplace is, who does what and how, with scores on their scale', async () => {
    const { context, page } = await open(ROLES.solver, DESKTOP);
    try {
      await page.goto(stack.siteUrl);
      const intro = page.getByTestId('home-intro');
      await intro.waitFor();
      expect(await intro.getByRole('heading', { level: 1 }).textContent()).toBeTruthy();
      for (const role of ['Task owner', 'Edge node', 'Verifier']) {
        await intro.getByRole('heading', { name: role, exact: true }).waitFor();
      }
      expect(await intro.textContent()).toContain('escrows a TFuel bounty');
      // The edge node's commands carry this deployment's own settings.
      await intro.getByText('Run an edge node on this network').click();
      const commands = await intro.locator('pre.command').allTextContents();
      expect(commands.join('\n')).toContain('tem watch');
      expect(commands.join('\n')).toContain(`--market ${stack.market}`);
      expect(commands.join('\n')).toContain(`--rpc-url ${stack.thetaRpc.url}`);
      expect(commands.join('\n')).toContain('docker run');
      const scale = await page.getByTestId('score-scale').textContent();
      expect(scale).toContain('a network right on every case (Boolean multiplexer)');
      expect(scale).toContain('scores 2,000,000 plus its quality');
      // The list shows each task's best score with what it means.
      const row = page.locator(`tr[data-task-id="${taskId}"]`);
      await expect.poll(() => row.locator('.score-value').textContent()).toContain('1,349,473');
      // The band's words follow once the task's spec (its kind) is read.
      await expect
        .poll(() => row.locator('.score-value').textContent())
        .toContain('perfect decryption');
      await shot(page, 'ux-home-desktop');
    } finally {
      await context.close();
    }
  });

  it('fits a 375 px phone: task titles wrap between words, no page or wizard step wider than the screen', async () => {
    const { context, page } = await open(ROLES.solver, PHONE);
    try {
      await page.goto(stack.siteUrl);
      const title = page.locator(`tr[data-task-id="${taskId}"] .task-title`);
      await expect.poll(() => title.textContent()).toContain(LONG_TITLE);
      expect(await brokenWords(title)).toEqual([]);
      expect(await fullyVisible(title)).toBe(true);
      await expectNoOverflow(page, 'home');
      await shot(page, 'ux-home-phone');

      for (const hash of ['#/create', '#/account', '#/tasks/999', '#/nowhere/at/all']) {
        await page.goto(`${stack.siteUrl}${hash}`);
        await page.locator('main h1').waitFor();
        await expectNoOverflow(page, hash);
      }
      // The wizard's every step, with its help texts, fits too.
      await page.goto(`${stack.siteUrl}#/create`);
      await page.getByLabel('Title').fill(`${LONG_TITLE} ${resultCid}`);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Population').waitFor();
      await expectNoOverflow(page, 'wizard parameters');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Verifier 1 address').waitFor();
      await expectNoOverflow(page, 'wizard verifiers');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Bounty (TFuel)').waitFor();
      await expectNoOverflow(page, 'wizard bounty');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByTestId('review-summary').waitFor();
      await expectNoOverflow(page, 'wizard review');
      await shot(page, 'ux-wizard-review-phone');
    } finally {
      await context.close();
    }
  });

  it('shows a task whole on a desktop and on a phone: title by words, score and actions on screen, long CIDs wrapped', async () => {
    await atSizes(ROLES.solver, [DESKTOP, PHONE], async (page, width) => {
      await page.goto(`${stack.siteUrl}#/tasks/${taskId}`);
      const row = page.locator(`tr[data-submission-id="${submissionId}"]`);
      await row.waitFor();
      await expect.poll(() => page.getByTestId('task-title').textContent()).toBe(LONG_TITLE);
      expect(await brokenWords(page.getByTestId('task-title'))).toEqual([]);
      expect(await row.locator('.score-number').textContent()).toBe('1,349,473');
      expect(await fullyVisible(row.locator('.score-value'))).toBe(true);
      expect(await fullyVisible(row.getByRole('button', { name: 'Re-check score' }))).toBe(true);
      expect(await fullyVisible(row.getByRole('link', { name: 'Encryption preview' }))).toBe(true);
      expect(await page.getByTestId('min-score').textContent()).toContain(
        '1,000,000 is a perfect decryption',
      );
      // The result CID, the spec CID and the verifier URL are long strings: none widens the page.
      expect(resultCid.length).toBeGreaterThan(50);
      await expectNoOverflow(page, `task page at ${width} px`);
      await shot(page, `ux-task-${width}`);
      await page
        .locator('.leaderboard')
        .screenshot({ path: path.join(outputDir, `ux-leaderboard-${width}.png`) });
    });
  });

  it('moves focus to the new page’s heading after a navigation, without a ring around the page', async () => {
    await atSizes(ROLES.solver, [DESKTOP, PHONE], async (page, width) => {
      await page.goto(stack.siteUrl);
      await page.locator(`tr[data-task-id="${taskId}"]`).waitFor();
      // Typed into the address bar: a hash navigation with no click before it.
      await page.evaluate((id) => (location.hash = `#/tasks/${id}`), taskId.toString());
      await page.getByTestId('task-title').waitFor();
      await expectHeadingFocused(page);
      expect((await focusAfterNavigation(page)).height).toBeLessThan(200);
      await shot(page, `ux-focus-${width}`);
      // A link followed from the keyboard.
      await page.getByRole('link', { name: '← All tasks' }).focus();
      await page.keyboard.press('Enter');
      await page.locator(`tr[data-task-id="${taskId}"]`).waitFor();
      await expectHeadingFocused(page);
      // From the heading, Tab goes on to the page's first control, which shows its ring.
      await page.keyboard.press('Tab');
      const next = await focusAfterNavigation(page);
      expect(next.tag).not.toBe('h1');
      expect(next.ring).toBe(true);
    });
  });

  it('answers a task that does not exist in words, with a way back', async () => {
    const { context, page } = await open(ROLES.solver, DESKTOP);
    try {
      await page.goto(`${stack.siteUrl}#/tasks/999`);
      await page.getByRole('heading', { name: 'No task #999' }).waitFor();
      const text = await page.locator('main').textContent();
      expect(text).not.toMatch(/revert|TaskNotFound|execution/i);
      await shot(page, 'ux-task-999');
      await page.getByRole('link', { name: '← All tasks' }).click();
      await page.getByTestId('home-intro').waitFor();
    } finally {
      await context.close();
    }
  });

  it('has a favicon and asks the gateway for nothing it lacks', async () => {
    const { context, page } = await open(ROLES.solver, DESKTOP);
    const missing: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`);
    });
    try {
      await page.goto(stack.siteUrl, { waitUntil: 'load' });
      await page.locator(`tr[data-task-id="${taskId}"]`).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.locator('link[rel~="icon"]').getAttribute('href')).toMatch(
        /^data:image\/svg\+xml,/,
      );
      // Headless Chromium fetches no icon by itself: the page's own icon must decode as an image.
      const icon = await page.evaluate(async () => {
        const img = new Image();
        img.src = document.querySelector<HTMLLinkElement>('link[rel~="icon"]')!.href;
        await img.decode();
        return { width: img.naturalWidth, height: img.naturalHeight };
      });
      expect(icon.width).toBeGreaterThan(0);
      expect(icon.width).toBe(icon.height);
      expect(missing).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('draws a disabled button as disabled', async () => {
    // Account 5 has never been credited: nothing to withdraw.
    const { context, page } = await open(5, DESKTOP);
    try {
      await page.goto(`${stack.siteUrl}#/account`);
      await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
      const withdraw = page.getByRole('button', { name: 'Withdraw', exact: true });
      await expect.poll(() => page.getByTestId('credit').textContent()).toContain('0 TFuel');
      expect(await withdraw.isDisabled()).toBe(true);
      const colours = await page.evaluate(() => {
        const disabled = [...document.querySelectorAll('button')].find((b) => b.disabled)!;
        const enabled = [...document.querySelectorAll('button')].find(
          (b) => !b.disabled && !b.classList.contains('link-button'),
        )!;
        const rgb = (el: Element) =>
          getComputedStyle(el)
            .backgroundColor.match(/\d+(\.\d+)?/g)!
            .slice(0, 3)
            .map(Number);
        return {
          disabled: rgb(disabled),
          enabled: rgb(enabled),
          opacity: getComputedStyle(disabled).opacity,
        };
      });
      // Grey, not a faded accent: its channels are close to each other, unlike the accent's.
      const spread = (c: number[]) => Math.max(...c) - Math.min(...c);
      expect(spread(colours.disabled)).toBeLessThan(40);
      expect(spread(colours.enabled)).toBeGreaterThan(100);
      await shot(page, 'ux-account-disabled-withdraw');
    } finally {
      await context.close();
    }
  });

  it('explains every wizard parameter in place, in words, and warns of a bounty above the balance', async () => {
    await stack.chain.setBalance(stack.chain.accounts[ROLES.owner]!.address, 10_000n * 10n ** 18n);
    const { context, page } = await open(ROLES.owner, DESKTOP);
    try {
      await page.goto(`${stack.siteUrl}#/create`);
      await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
      await page.getByRole('button', { name: /Switch to Theta Privatenet/ }).click();
      await page.getByLabel('Title').fill('Explained');
      const helpOfEveryField = () =>
        page.evaluate(() =>
          [...document.querySelectorAll('form input, form select, form textarea')].map((el) => {
            const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
            const help = ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
            return { field: el.id, help: help.length };
          }),
        );
      expect((await helpOfEveryField()).filter((f) => f.help < 30)).toEqual([]);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Population').waitFor();
      expect((await helpOfEveryField()).filter((f) => f.help < 30)).toEqual([]);
      expect(await page.locator('#field-population-help').textContent()).toMatch(
        /4 to 10,000.*time per generation grows/i,
      );
      // Blank, letters, out of range: sentences, not the schema's words.
      await page.getByLabel('Population').fill('');
      await page.getByLabel('Steps per episode').fill('abc');
      await page.getByLabel('Generations').fill('0');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.locator('#field-population-error').waitFor();
      expect(await page.locator('#field-population-error').textContent()).toBe(
        'Enter a whole number from 4 to 10,000.',
      );
      expect(await page.locator('#field-steps-error').textContent()).toBe(
        '“abc” is not a number: enter a whole number from 2 to 100,000.',
      );
      expect(await page.locator('#field-generations-error').textContent()).toBe(
        '0 is too small: the least is 1.',
      );
      expect(await page.locator('main').textContent()).not.toMatch(/Invalid input|expected number/);
      await shot(page, 'ux-wizard-errors');
      await page.getByLabel('Population').fill('100');
      await page.getByLabel('Steps per episode').fill('300');
      await page.getByLabel('Generations').fill('2000');
      await page.getByRole('button', { name: 'Next' }).click();

      // The verifiers: the deployment's own is proposed, with a majority as the threshold.
      await page.getByLabel('Verifier 1 address').waitFor();
      expect((await helpOfEveryField()).filter((f) => f.help < 30)).toEqual([]);
      expect(await page.getByLabel('Verifier 1 address').inputValue()).toBe(
        stack.chain.accounts[ROLES.verifier]!.address,
      );
      expect(await page.getByLabel('Signatures needed (m)').inputValue()).toBe('1');
      await page.getByRole('button', { name: 'Next' }).click();

      await page.getByLabel('Bounty (TFuel)').fill('99999');
      await page.getByTestId('balance-warning').waitFor();
      expect(await page.getByTestId('balance-warning').textContent()).toContain(
        'Your wallet holds 10,000 TFuel',
      );
      // The bond follows the bounty (5%) until edited by hand.
      expect(await page.getByLabel('Commit bond (TFuel)').inputValue()).toBe('4999.95');
      expect((await helpOfEveryField()).filter((f) => f.help < 30)).toEqual([]);
      await page.getByRole('button', { name: 'Next' }).click();

      // The review reads as a summary; the JSON is one click away.
      const summary = page.getByTestId('review-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('99,999 TFuel');
      expect(await page.getByTestId('training-estimate').textContent()).toMatch(
        /about \d+ seconds/,
      );
      const json = page.getByLabel('Task spec JSON');
      expect(await json.isVisible()).toBe(false);
      await page.getByText('The task spec as JSON').click();
      expect(await json.isVisible()).toBe(true);
      expect(JSON.parse((await json.textContent())!).title).toBe('Explained');
      await page.getByTestId('balance-warning').waitFor();
      expect(
        await page.getByRole('button', { name: 'Upload spec and create task' }).isDisabled(),
      ).toBe(true);
      await shot(page, 'ux-wizard-review');
      expect(await page.getByTestId('review-bond').textContent()).toContain(
        '4,999.95 TFuel per commit',
      );
      expect(await page.getByTestId('review-verifiers').textContent()).toContain(
        `One verifier decides every score: ${stack.chain.accounts[ROLES.verifier]!.address}`,
      );
      await page.getByRole('button', { name: 'Back' }).click();
      await page.getByLabel('Bounty (TFuel)').fill('2');
      await page.getByRole('button', { name: 'Next' }).click();
      await summary.waitFor();
      expect(await page.getByTestId('balance-warning').count()).toBe(0);
      expect(
        await page.getByRole('button', { name: 'Upload spec and create task' }).isEnabled(),
      ).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('holds the wizard to the contract’s bounds in place: verifiers, owner, windows, horizon, score', async () => {
    const { context, page } = await open(ROLES.owner, DESKTOP);
    const address = (account: number) => stack.chain.accounts[account]!.address;
    const error = (id: string) => page.locator(`#field-${id}-error`);
    try {
      await page.goto(`${stack.siteUrl}#/create`);
      await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
      await page.getByRole('button', { name: /Switch to Theta Privatenet/ }).click();
      await page.getByLabel('Title').fill('Bounded');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Population').waitFor();
      await page.getByRole('button', { name: 'Next' }).click();

      // The owner cannot verify their own task; three verifiers in any order, one named twice.
      await page.getByLabel('Verifier 1 address').fill(address(ROLES.owner));
      await page.getByRole('button', { name: 'Next' }).click();
      await expect
        .poll(() => error('verifierAddress-0').textContent())
        .toContain('This is your own address: the owner of a task cannot be one of its verifiers');
      await page.getByLabel('Number of verifiers').fill('3');
      // The threshold follows the count: a majority.
      expect(await page.getByLabel('Signatures needed').inputValue()).toBe('2');
      await page.getByLabel('Verifier 1 address').fill(address(7));
      await page.getByLabel('Verifier 1 URL').fill('http://127.0.0.1:9/api/verify');
      await page.getByLabel('Verifier 2 URL').fill('http://127.0.0.1:9/api/verify');
      await page.getByLabel('Verifier 2 address').fill(address(7).toLowerCase());
      await page.getByLabel('Signatures needed').fill('4');
      await page.getByRole('button', { name: 'Next' }).click();
      await expect
        .poll(() => error('verifierAddress-1').textContent())
        .toBe('The same address as verifier 1: each verifier must be a different key.');
      expect(await error('verifierUrl-2').textContent()).toContain('http(s) address');
      expect(await error('threshold').textContent()).toBe(
        '4 is more than the 3 verifiers named: at most 3 can sign.',
      );
      await shot(page, 'ux-wizard-verifier-errors');
      await page.getByLabel('Verifier 2 address').fill(address(3));
      await page.getByLabel('Verifier 3 URL').fill('http://127.0.0.1:9/api/verify');
      await page.getByLabel('Verifier 3 address').fill(address(6));
      await page.getByLabel('Signatures needed').fill('2');
      await page.getByRole('button', { name: 'Next' }).click();

      // Windows: the contract's minimum (7 s here: read from the deployment, not the chain's
      // documented 5 s) plus a minute to mine; the seed window's halves inside the scoring window.
      await page.getByLabel('Seed window').waitFor();
      expect(await page.locator('#field-commitMinutes-help').textContent()).toContain(
        'At least 2 minutes on this chain: its minimum window of 7s',
      );
      await page.getByLabel('Commit window').fill('1');
      await page.getByLabel('Seed window').fill('30');
      await page.getByLabel('Scoring window').fill('60');
      await page.getByLabel('Minimum score').fill('3000001');
      await page.getByLabel('Commit bond (TFuel)').fill('5');
      await page.getByTestId('bond-warning').waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await expect
        .poll(() => error('commitMinutes').textContent())
        .toBe('1 is too small: the least is 2.');
      expect(await error('scoringMinutes').textContent()).toBe(
        '60 is too short: it must hold both halves of the seed window (2 × 30 minutes) and at least 7s of scoring, 61 minutes in all.',
      );
      expect(await error('minScore').textContent()).toBe(
        '3,000,001 is too large: the most is 3,000,000.',
      );
      // A year at most from creation to the scoring deadline.
      await page.getByLabel('Commit window').fill('300000');
      await page.getByLabel('Reveal window').fill('300000');
      await page.getByLabel('Scoring window').fill('61');
      await page.getByRole('button', { name: 'Next' }).click();
      await expect
        .poll(() => error('scoringMinutes').textContent())
        .toContain('the contract allows at most 365 days');
      await shot(page, 'ux-wizard-bounds');
      await page.getByLabel('Commit window').fill('2');
      await page.getByLabel('Reveal window').fill('1');
      await page.getByLabel('Scoring window').fill('61');
      await page.getByLabel('Minimum score').fill('0');
      await page.getByLabel('Commit bond (TFuel)').fill('0');
      expect(await page.getByTestId('bond-warning').count()).toBe(0);
      await page.getByRole('button', { name: 'Next' }).click();

      // The review: the set in the contract's (ascending) order, the bond, the seed window.
      const summary = page.getByTestId('review-summary');
      await summary.waitFor();
      const sorted = [address(3), address(6), address(7)].sort((a, b) =>
        BigInt(a) < BigInt(b) ? -1 : 1,
      );
      expect(await page.getByTestId('review-verifiers').textContent()).toBe(
        `A score counts when 2 of these 3 sign it (in ascending order, as the contract keeps them): ${sorted.join(', ')}.`,
      );
      expect(await page.getByTestId('review-bond').textContent()).toBe(
        'None: committing costs only gas.',
      );
      expect(await summary.textContent()).toContain('two halves of 30 min');
      await page.getByText('The task spec as JSON').click();
      const json = JSON.parse((await page.getByLabel('Task spec JSON').textContent())!);
      expect(json.verifier.address).toBe(address(7));
      expect(json.verifiers.map((v: { address: string }) => v.address)).toEqual([
        address(7),
        address(3),
        address(6),
      ]);
      await shot(page, 'ux-wizard-quorum-review');
    } finally {
      await context.close();
    }
  });

  it('writes each deadline at the time its countdown ends, with chain time beside it when the chain runs ahead', async () => {
    // The fixture moved chain time past the commit deadline: the chain's clock now leads the wall clock.
    await stack.chain.increaseTime(3 * 3600);
    await stack.chain.mine();
    const chainNow = Number(await stack.chain.now());
    const lead = chainNow - Date.now() / 1000;
    expect(lead).toBeGreaterThan(3 * 3600);
    const task = await getTask(
      createMarketClient({ address: stack.market, provider: stack.chain.provider }),
      {
        taskId,
      },
    );
    const { context, page } = await open(ROLES.solver, DESKTOP);
    try {
      await page.goto(`${stack.siteUrl}#/tasks/${taskId}`);
      const reveal = page.locator('.deadlines li').filter({ hasText: 'Reveal' });
      await reveal.waitFor();
      const shown = await reveal.getByTestId('deadline-local').textContent();
      // The moment the countdown reaches zero on this machine's clock, to the minute.
      const expected = Number(task.revealDeadline) - lead;
      const shownSeconds = Date.parse(shown!.replace(' UTC', 'Z').replace(' ', 'T')) / 1000;
      expect(Math.abs(shownSeconds - expected)).toBeLessThan(120);
      expect(await reveal.getByTestId('deadline-chain').textContent()).toContain(
        `chain time ${formatDeadline(Number(task.revealDeadline))}`,
      );
      expect(await page.getByTestId('clock-note').textContent()).toContain('ahead of this device');
      await shot(page, 'ux-deadlines-chain-ahead');
    } finally {
      await context.close();
    }
  });
});
