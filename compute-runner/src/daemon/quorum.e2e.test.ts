/**
 * The quorum end to end (issue 23): three verifiers, each the functions server with its own key,
 * threshold 2, and `tem watch` taking a task to its payout while one verifier lies about the score
 * or is down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsNamed, getTask, scanEvents } from '@tem/core/market';
import { kindOf } from '@tem/core/kinds';
import { parseTaskSpecJson } from '@tem/core/task';
import { QUORUM, ROLES } from '@tem/testkit/roles';
import { runCli } from '../test-support/run-cli.js';
import { startLocalMarket, type LocalMarket } from '../test-support/local-market.js';
import { advanceTask } from './advance-task.js';
import type { StepOutcome } from './step-outcome.js';
import type { RecordFields } from '../state/index.js';
import type { RunnerEvent } from './log.js';
import { createRunnerContext } from './runner-context.js';
import { startInProcessRunner, type InProcessRunner } from '../test-support/in-process-runner.js';

/** The lying verifier's dev account, and what it adds to every true score. */
const LIAR = QUORUM[1];
const LIE = 1n;

type Runner = InProcessRunner;

const startRunner = async (local: LocalMarket) =>
  startInProcessRunner(local, ROLES.solver, await local.runnerConfig());

/** Resolves with the first event named `name` that `match` accepts (polling the runner's log). */
async function eventOf(
  runner: Runner,
  name: string,
  match: (e: RunnerEvent) => boolean = () => true,
  timeoutMs = 90_000,
): Promise<RunnerEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = runner.events.find((e) => e.event === name && match(e));
    if (found) return found;
    const failed = runner.events.find((e) => e.event === 'failed' || e.event === 'skipped');
    if (failed) throw new Error(`the runner reports ${failed.event}: ${failed.message}`);
    if (Date.now() > deadline) {
      throw new Error(
        `no '${name}' event in ${timeoutMs} ms; last: ${runner.events
          .slice(-5)
          .map((e) => e.message)
          .join(' | ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function jumpTo(local: LocalMarket, deadline: bigint) {
  const now = await local.chain.now();
  if (now <= deadline) await local.chain.increaseTime(deadline - now + 1n);
}

/** Drives a quorum task to its payout, fast-forwarding chain time whenever the runner waits for a deadline. */
async function runToPayout(local: LocalMarket, runner: Runner, taskId: bigint) {
  const moved = new Set<number>();
  const fastForward = setInterval(() => {
    for (const e of runner.events) {
      const until = e.until as number | undefined;
      if (e.event !== 'waiting' || e.taskId !== taskId.toString() || until === undefined) continue;
      if (moved.has(until)) continue;
      moved.add(until);
      void jumpTo(local, BigInt(until));
    }
  }, 100);
  try {
    return await eventOf(runner, 'withdrawn', (e) => e.taskId === taskId.toString(), 180_000);
  } finally {
    clearInterval(fastForward);
  }
}

describe('a verifier that signs a wrong score changes nothing', () => {
  let local: LocalMarket;
  beforeAll(async () => {
    local = await startLocalMarket({
      verifierOverrides: {
        // Test only: this verifier adds to every score it signs (a dishonest or broken verifier).
        [LIAR]: {
          scorer: async (input) => {
            const report = await kindOf(input.spec).score(input);
            return { ...report, score: report.score + LIE };
          },
        },
      },
    });
  });
  afterAll(async () => {
    await local?.close();
  });

  it('relays the two honest signatures, reports the liar, and is paid', async () => {
    const task = await local.createTask({ quorum: true, title: 'One liar among three' });
    const runner = await startRunner(local);
    try {
      await runToPayout(local, runner, task.taskId);
      const record: RecordFields = runner.ctx.store.get(task.taskId.toString())!;
      const liar = local.chain.accounts[LIAR]!.address;
      const honest = QUORUM.filter((a) => a !== LIAR).map((a) => local.chain.accounts[a]!.address);
      expect(record.quorum).toMatchObject({
        agreed: expect.arrayContaining(honest),
        disagreed: [{ verifier: liar, score: (BigInt(record.score!) + LIE).toString() }],
        missing: [],
      });
      const onChain = await getTask(local.client(ROLES.owner), { taskId: task.taskId });
      const { events } = await scanEvents(local.client(ROLES.owner), {
        fromBlock: onChain.createdBlock,
        taskId: task.taskId,
        eventNames: ['ScoreRecorded'],
      });
      const [recorded] = eventsNamed(events, 'ScoreRecorded');
      // The true score, signed by the two honest verifiers: the liar's bit is not set.
      expect(recorded!.args.score.toString()).toBe(record.score);
      const liarBit = 1 << onChain.verifiers.indexOf(liar);
      expect(Number(recorded!.args.signers) & liarBit).toBe(0);
      expect(onChain.bestScore.toString()).toBe(record.score);
      expect(record.phase).toBe('withdrawn');
      expect(
        runner.events.some((e) => e.event === 'verifier-disagreed' && e.verifier === liar),
      ).toBe(true);

      const status = await runCli(['status', '--state-dir', runner.ctx.config.stateDir], {
        env: {},
      });
      expect(status.stdout).toContain(
        `2 of 3 signed score ${BigInt(record.score!).toLocaleString('en-US')}; ${liar} signed ${(BigInt(record.score!) + LIE).toLocaleString('en-US')} (disagrees)`,
      );
    } finally {
      await runner.close();
    }
  }, 240_000);
});

describe('a verifier that is down blocks nothing', () => {
  let local: LocalMarket;
  beforeAll(async () => {
    local = await startLocalMarket();
  });
  afterAll(async () => {
    await local?.close();
  });

  it('the other two fix the seed (after the commit half) and sign the score; the task pays', async () => {
    const task = await local.createTask({ quorum: true, title: 'One verifier down' });
    const runner = await startRunner(local);
    try {
      await eventOf(runner, 'committed', (e) => e.taskId === task.taskId.toString());
      const down = QUORUM[0];
      await local.verifiers.get(down)!.close();
      await runToPayout(local, runner, task.taskId);
      const record: RecordFields = runner.ctx.store.get(task.taskId.toString())!;
      const address = local.chain.accounts[down]!.address;
      expect(record.quorum?.missing.map((m) => m.verifier)).toEqual([address]);
      expect(record.quorum?.missing[0]!.reason).toMatch(/unreachable/);
      expect(record.quorum?.agreed).toHaveLength(2);
      const onChain = await getTask(local.client(ROLES.owner), { taskId: task.taskId });
      const downBit = 1 << onChain.verifiers.indexOf(address);
      expect(onChain.seedCommitted & downBit).toBe(0);
      expect(onChain.seedRevealed).toBe(onChain.seedCommitted);
      expect(onChain.bestSubmissionId.toString()).toBe(record.submissionId);
      expect(record.phase).toBe('withdrawn');
    } finally {
      await runner.close();
    }
  }, 240_000);
});

describe('a verifier that commits to its seed contribution and then goes silent', () => {
  let local: LocalMarket;
  beforeAll(async () => {
    local = await startLocalMarket();
  });
  afterAll(async () => {
    await local?.close();
  });

  it('leaves the seed to settleSeed after the seed window, from the two contributions revealed', async () => {
    const task = await local.createTask({ quorum: true, title: 'One verifier withholds' });
    const id = task.taskId.toString();
    // The daemon takes the task to its reveal; from there the test steps it one action at a time.
    const daemon = await startRunner(local);
    const stateDir = daemon.ctx.config.stateDir;
    try {
      await eventOf(daemon, 'committed', (e) => e.taskId === id);
      await jumpTo(local, task.commitDeadline);
      await eventOf(daemon, 'revealed', (e) => e.taskId === id);
    } finally {
      await daemon.close();
    }
    const ctx = await createRunnerContext(
      await local.runnerConfig({ stateDir }),
      local.chain.wallet(ROLES.solver),
      { info: () => {}, warn: () => {} },
      {},
      new AbortController().signal,
    );
    const specOf = async (cid: string) => parseTaskSpecJson(await ctx.ipfs.text(cid));
    const owner = local.client(ROLES.owner);
    /** Steps until the task waits with nothing in flight; returns that wait. */
    const untilWait = async (): Promise<StepOutcome> => {
      for (let i = 0; i < 30; i++) {
        const record = ctx.store.get(id)!;
        const outcome = await advanceTask(ctx, record, specOf);
        if (outcome.kind === 'wait' && !ctx.store.get(id)!.sent) return outcome;
        if (outcome.kind === 'wait') await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the task never waited');
    };
    try {
      await jumpTo(local, task.revealDeadline);
      // Three commitments relayed, then the first contribution: stop right after the third commitment.
      for (let i = 0; i < 30; i++) {
        const outcome = await advanceTask(ctx, ctx.store.get(id)!, specOf);
        const onChain = await getTask(owner, { taskId: task.taskId });
        if (onChain.seedCommitted === 0b111 && !ctx.store.get(id)!.sent) break;
        if (outcome.kind === 'wait') await new Promise((r) => setTimeout(r, 50));
      }
      const silent = QUORUM[2];
      await local.verifiers.get(silent)!.close();
      const wait = await untilWait();
      const seeded = await getTask(owner, { taskId: task.taskId });
      const silentBit = 1 << seeded.verifiers.indexOf(local.chain.accounts[silent]!.address);
      expect(seeded.seedCommitted).toBe(0b111);
      expect(seeded.seedRevealed).toBe(0b111 & ~silentBit);
      expect(seeded.testSeed).toBe(`0x${'0'.repeat(64)}`);
      expect(wait).toMatchObject({ until: task.seedRevealDeadline });
      expect(wait.kind === 'wait' && wait.why).toContain('no seed contribution to relay');

      await jumpTo(local, task.seedRevealDeadline);
      await untilWait();
      const record: RecordFields = ctx.store.get(id)!;
      expect(record.txs).toHaveProperty('settleSeed');
      const { events } = await scanEvents(owner, {
        fromBlock: seeded.createdBlock,
        taskId: task.taskId,
        eventNames: ['TestSeedFixed'],
      });
      expect(Number(eventsNamed(events, 'TestSeedFixed')[0]!.args.contributors)).toBe(
        0b111 & ~silentBit,
      );
      // The two others sign the score on the settled seed; the silent one is reported missing.
      expect(record.phase).toMatch(/scoring|scored/);
      expect(record.quorum?.missing.map((m) => m.verifier)).toEqual([
        local.chain.accounts[silent]!.address,
      ]);
      expect((await getTask(owner, { taskId: task.taskId })).bestSubmissionId.toString()).toBe(
        record.submissionId,
      );
    } finally {
      ctx.provider.destroy();
    }
  }, 240_000);
});
