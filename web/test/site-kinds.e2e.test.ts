import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedFetch } from '@tem/core/ipfs';
import {
  defaultDoublePoleSpec,
  defaultMultiplexerSpec,
  kindOf,
  parseAnyTaskSpec,
  type AnyTaskSpec,
} from '@tem/core/kinds';
import { handMultiplexer6, handNetwork, networkBundle } from '@tem/core/kinds/test-support';
import { createMarketClient, getTask } from '@tem/core/market';
import type { ScoreReport } from '@tem/core/scoring';
import { ROLES } from '@tem/testkit/roles';
import { formatScore } from '../src/format/score.js';
import {
  OFFLINE_VERIFIER,
  createTaskOnChain,
  publishFiles,
  scoredSubmission,
} from './test-support/market-fixture.js';
import { outputDir, startStack, type Stack } from './test-support/stack.js';
import { txConfirmed } from './test-support/tx-confirmed.js';

const SPEC_VERIFIER_URL = 'http://127.0.0.1:9/api/verify';

/** A scored submission of a task of one kind, and the report the verifier's code gives it. */
interface KindTask {
  taskId: bigint;
  submissionId: bigint;
  report: ScoreReport;
}

let stack: Stack;
let mux: KindTask;
let pole: KindTask;

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(outputDir, `${name}.png`), fullPage: true });
}

/**
 * A task whose spec `specOf` makes, with one submission of `files`, scored on chain with the score
 * core's kind computes over the task's test seed (the verifier's code, run here).
 */
async function scoredKindTask(
  title: string,
  specOf: (verifierAddress: string) => AnyTaskSpec,
  files: Map<string, Uint8Array>,
): Promise<KindTask> {
  const address = stack.chain.accounts[OFFLINE_VERIFIER]!.address;
  const spec = specOf(address);
  const { taskId, specCid } = await createTaskOnChain(stack, { title, spec: () => spec });
  const resultCid = await publishFiles(stack, files);
  let report: ScoreReport | null = null;
  const { submissionId } = await scoredSubmission(
    stack,
    taskId,
    specCid,
    async (testSeed) => {
      report = await kindOf(spec).score({ spec, files, testSeed, testFiles: new Map() });
      return report.score;
    },
    resultCid,
  );
  return { taskId, submissionId, report: report! };
}

/** Opens a task's page in a fresh wallet context of the solver. */
async function openTask(taskId: bigint): Promise<Page> {
  const context = await stack.walletContext(ROLES.solver);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${stack.siteUrl}#/tasks/${taskId}`);
  return page;
}

/** Re-checks the task's one submission in the browser: it must match the score on chain. */
async function recheck(page: Page, task: KindTask) {
  const row = page.locator(`tr[data-submission-id="${task.submissionId}"]`);
  await row.getByRole('button', { name: 'Re-check score' }).click();
  const result = page.getByTestId('recheck-result');
  await result.waitFor({ timeout: 60_000 });
  const text = await result.textContent();
  expect(text).toContain(`Score computed in your browser: ${formatScore(task.report.score)}`);
  expect(text).toContain('It matches the score recorded on chain.');
}

describe('each task kind in a real browser', () => {
  beforeAll(async () => {
    await mkdir(outputDir, { recursive: true });
    stack = await startStack();
    // The hand-built 6-multiplexer with one step per case: right on half the cases.
    mux = await scoredKindTask(
      'Six-multiplexer',
      (address) => {
        const spec = defaultMultiplexerSpec({
          title: 'Six-multiplexer',
          verifierUrl: SPEC_VERIFIER_URL,
          verifierAddress: address,
          addressBits: 2,
        });
        return { ...spec, environment: { ...spec.environment, stepsPerCase: 1 } };
      },
      networkBundle([handMultiplexer6()]),
    );
    // A network that pushes against the long pole's angle: it balances a few steps.
    pole = await scoredKindTask(
      'Double pole without velocities',
      (address) =>
        defaultDoublePoleSpec({
          title: 'Double pole without velocities',
          verifierUrl: SPEC_VERIFIER_URL,
          verifierAddress: address,
        }),
      networkBundle([handNetwork(3, 1, [], [[1, 3]])]),
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists each task with its kind', async () => {
    const page = await openTask(mux.taskId);
    try {
      await page.goto(stack.siteUrl);
      const kindOfRow = (id: bigint) =>
        page.locator(`tr[data-task-id="${id}"]`).getByTestId('task-kind');
      await expect.poll(() => kindOfRow(mux.taskId).textContent()).toBe('Boolean multiplexer');
      await expect.poll(() => kindOfRow(pole.taskId).textContent()).toBe('Double pole balancing');
      // Each best score says what it means for its kind (not the cipher's words).
      const scoreOfRow = (id: bigint) => page.locator(`tr[data-task-id="${id}"] .score-value`);
      await expect
        .poll(() => scoreOfRow(mux.taskId).textContent())
        .toContain(`${(Number(mux.report.score) / 10_000).toFixed(1)} % of cases`);
      await expect
        .poll(() => scoreOfRow(pole.taskId).textContent())
        .toContain(`${formatScore(pole.report.score / 10n)} steps`);
      expect(await scoreOfRow(mux.taskId).textContent()).not.toContain('imperfect');
    } finally {
      await page.context().close();
    }
  });

  it('shows a multiplexer task: its spec in words, the re-check, and the truth table coverage counting what the score counts', async () => {
    const page = await openTask(mux.taskId);
    try {
      await expect
        .poll(() => page.getByTestId('spec-kind').textContent())
        .toContain('Boolean multiplexer');
      const spec = await page.locator('.spec-rows').textContent();
      expect(spec).toContain('6-multiplexer: 2 address bits select one of 4 data bits');
      expect(spec).toContain('all 64, each from a reset network, 1 step');
      await recheck(page, mux);
      await shot(page, 'kind-multiplexer-task');

      await page.getByRole('link', { name: 'Truth table' }).click();
      const { correct, cases } = mux.report.terms as { correct: number; cases: number };
      expect(correct).toBeGreaterThan(0);
      expect(correct).toBeLessThan(cases);
      await expect
        .poll(() => page.getByTestId('coverage-count').textContent(), { timeout: 60_000 })
        .toBe(`${correct} of ${cases} cases right.`);
      const perAddress = await page.getByTestId('address-right').allTextContents();
      expect(perAddress).toHaveLength(4);
      const sum = perAddress.reduce((total, text) => total + Number(text.split(' ')[0]), 0);
      expect(sum).toBe(correct);
      // The grid as drawn: one cell per case, green where right.
      const painted = await page.getByTestId('coverage-grid').evaluate((el) => {
        const canvas = el as HTMLCanvasElement;
        const g = canvas.getContext('2d')!;
        const cells = 16;
        const w = canvas.width / cells;
        const h = (canvas.height + 2) / 4 - 2;
        let green = 0;
        let red = 0;
        for (let a = 0; a < 4; a++) {
          for (let d = 0; d < cells; d++) {
            const [r, gr] = g.getImageData(d * w + w / 2, a * (h + 2) + h / 2, 1, 1).data;
            if (gr! > r!) green++;
            else red++;
          }
        }
        return { green, red };
      });
      expect(painted).toEqual({ green: correct, red: cases - correct });
      await shot(page, 'kind-multiplexer-coverage');
    } finally {
      await page.context().close();
    }
  });

  it('shows a double pole task: its spec in words, the re-check, and the cart and poles animated from the replay', async () => {
    const page = await openTask(pole.taskId);
    try {
      await expect
        .poll(() => page.getByTestId('spec-kind').textContent())
        .toContain('Double pole balancing');
      expect(await page.locator('.spec-rows').textContent()).toContain('without velocity inputs');
      await recheck(page, pole);

      await page.getByRole('link', { name: 'Cart and poles' }).click();
      const { longSteps, generalisation } = pole.report.terms as {
        longSteps: number;
        generalisation: number;
      };
      await expect
        .poll(() => page.getByTestId('pole-summary').textContent(), { timeout: 60_000 })
        .toContain(`Balanced ${longSteps} of 100,000 steps from the standard start`);
      expect(await page.getByTestId('pole-summary').textContent()).toContain(
        `generalised to ${generalisation} of 625 starts`,
      );
      expect(await page.getByTestId('generalisation-count').textContent()).toContain(
        `${generalisation} of 625 starts`,
      );
      expect(await page.getByTestId('cart-fell').textContent()).toContain(
        `After step ${longSteps}`,
      );
      // It plays: the step shown moves on by itself.
      const canvas = page.getByTestId('cart-canvas');
      const first = await canvas.getAttribute('data-step');
      await expect.poll(() => canvas.getAttribute('data-step')).not.toBe(first);
      // It draws the state of the step shown: the first and the last step differ on the canvas.
      const drawing = () =>
        canvas.evaluate((el) => {
          const c = el as HTMLCanvasElement;
          const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let hash = 0;
          let ink = 0;
          for (let i = 0; i < data.length; i += 4) {
            if (data[i]! < 250 || data[i + 1]! < 250 || data[i + 2]! < 250) ink++;
            hash = (hash * 31 + data[i]! + 7 * data[i + 1]! + 13 * data[i + 2]!) | 0;
          }
          return { hash, ink };
        });
      const slider = page.getByLabel('Step', { exact: true });
      const scrub = (step: number) =>
        slider.evaluate((el, value) => {
          (el as HTMLInputElement).value = value;
          el.dispatchEvent(new Event('input', { bubbles: true }));
        }, String(step));
      await scrub(0);
      await expect.poll(() => canvas.getAttribute('data-drawn-step')).toBe('0');
      const atStart = await drawing();
      expect(atStart.ink).toBeGreaterThan(1000);
      await scrub(longSteps + 1);
      await expect.poll(() => canvas.getAttribute('data-drawn-step')).toBe(String(longSteps + 1));
      expect((await drawing()).hash).not.toBe(atStart.hash);
      expect(await page.getByTestId('cart-step').textContent()).toContain(
        `Step ${longSteps + 1} of ${longSteps + 1}`,
      );
      await shot(page, 'kind-double-pole-cart');
    } finally {
      await page.context().close();
    }
  });

  it('creates a multiplexer task and a double pole task through the wizard, naming a bad parameter', async () => {
    const context = await stack.walletContext(ROLES.owner);
    const page = await context.newPage();
    const reader = createMarketClient({ address: stack.market, provider: stack.chain.provider });
    const ipfs = createVerifiedFetch({ gateways: [stack.gateway.url] });
    const link = page.getByTestId('created-task-link');
    /** The spec on chain of the task the wizard says it created (after `previous`). */
    const createdSpec = async (previous = 0n) => {
      await txConfirmed(page, 'Create task');
      await expect
        .poll(async () =>
          (await link.count()) ? BigInt((await link.textContent())!.replace(/\D/g, '')) : 0n,
        )
        .toBeGreaterThan(previous);
      const taskId = BigInt((await link.textContent())!.replace(/\D/g, ''));
      const { specCid } = await getTask(reader, { taskId });
      return { taskId, spec: parseAnyTaskSpec(await ipfs.json(specCid!)) };
    };
    try {
      await page.goto(`${stack.siteUrl}#/create`);
      await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
      await page.getByRole('button', { name: /Switch to Theta Privatenet/ }).click();
      await page.getByLabel('Title').fill('Eleven... no, six-multiplexer');
      await page.getByRole('button', { name: 'Next' }).click();

      await page.getByLabel('Boolean multiplexer').check();
      expect(await page.getByTestId('kind-about').textContent()).toContain('address bits');
      const addressBits = page.getByLabel('Address bits');
      expect(await addressBits.inputValue()).toBe('3');
      await addressBits.fill('9');
      await page.getByRole('button', { name: 'Next' }).click();
      expect(await page.locator('#field-param-environment-addressBits-error').textContent()).toBe(
        '9 is too large: the most is 4.',
      );
      await addressBits.fill('2');
      await shot(page, 'kind-wizard-parameters');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      expect(await page.getByTestId('review-kind').textContent()).toContain('Boolean multiplexer');
      expect(await page.getByTestId('review-summary').textContent()).toContain(
        '6-multiplexer: 2 address bits select one of 4 data bits',
      );
      await page.getByRole('button', { name: 'Upload spec and create task' }).click();
      const first = await createdSpec();
      expect(first.spec).toMatchObject({
        kind: 'bisuna-multiplexer',
        title: 'Eleven... no, six-multiplexer',
        environment: { addressBits: 2, stepsPerCase: 2 },
      });

      await page.getByRole('button', { name: 'Create another task' }).click();
      await page.getByLabel('Title').fill('Double pole with velocities');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Double pole balancing').check();
      expect(await page.getByTestId('kind-about').textContent()).toContain('Without velocities');
      await page.getByLabel('Velocities observed').selectOption('true');
      await page.getByLabel('Training episode').fill('2000');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      expect(await page.getByTestId('review-summary').textContent()).toContain(
        'with velocity inputs',
      );
      await shot(page, 'kind-wizard-review');
      await page.getByRole('button', { name: 'Upload spec and create task' }).click();
      expect((await createdSpec(first.taskId)).spec).toMatchObject({
        kind: 'bisuna-double-pole',
        environment: { velocities: true, observations: 'raw' },
        training: { episodeSteps: 2000 },
      });
    } finally {
      await context.close();
    }
  });
});
