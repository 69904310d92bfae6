/**
 * The quorum end to end (issue 23): three verifiers, each the functions server with its own key,
 * threshold 2, and `tem watch` taking a task to its payout while one verifier lies about the score
 * or is down.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsNamed, getTask, scanEvents } from '@tem/core/market';
import { scoreSubmission } from '@tem/core/scoring';
import { runCli } from '../test-support/run-cli.js';
import { ACCOUNTS, startLocalMarket, type LocalMarket } from '../test-support/local-market.js';
import { createRunnerLog, type RunnerEvent } from './log.js';
import { createRunnerContext, type RunnerContext } from './runner-context.js';
import { runWatch } from './watch-loop.js';

/** The lying verifier's dev account, and what it adds to every true score. */
const LIAR = 8;
const LIE = 1n;

interface Runner {
  ctx: RunnerContext;
  events: RunnerEvent[];
  done: ReturnType<typeof runWatch>;
  stop(): void;
}

async function startRunner(local: LocalMarket): Promise<Runner> {
  const events: RunnerEvent[] = [];
  const sink = new PassThrough();
  sink.on('data', (line: Buffer) => {
    for (const text of line.toString().split('\n').filter(Boolean)) events.push(JSON.parse(text));
  });
  const controller = new AbortController();
  const ctx = await createRunnerContext(
    await local.runnerConfig(),
    local.chain.wallet(ACCOUNTS.solver),
    createRunnerLog(sink, true),
    {},
    controller.signal,
  );
  return { ctx, events, done: runWatch(ctx), stop: () => controller.abort() };
}

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
            const report = await scoreSubmission(input);
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
      const record = runner.ctx.store.get(task.taskId.toString())!;
      const liar = local.chain.accounts[LIAR]!.address;
      const honest = ACCOUNTS.quorum
        .filter((a) => a !== LIAR)
        .map((a) => local.chain.accounts[a]!.address);
      expect(record.quorum).toMatchObject({
        agreed: expect.arrayContaining(honest),
        disagreed: [{ verifier: liar, score: (BigInt(record.score!) + LIE).toString() }],
        missing: [],
      });
      const onChain = await getTask(local.client(ACCOUNTS.owner), { taskId: task.taskId });
      const { events } = await scanEvents(local.client(ACCOUNTS.owner), {
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
      runner.stop();
      await runner.done.catch(() => {});
      runner.ctx.provider.destroy();
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
      const down = ACCOUNTS.quorum[0];
      await local.verifiers.get(down)!.close();
      await runToPayout(local, runner, task.taskId);
      const record = runner.ctx.store.get(task.taskId.toString())!;
      const address = local.chain.accounts[down]!.address;
      expect(record.quorum?.missing.map((m) => m.verifier)).toEqual([address]);
      expect(record.quorum?.missing[0]!.reason).toMatch(/unreachable/);
      expect(record.quorum?.agreed).toHaveLength(2);
      const onChain = await getTask(local.client(ACCOUNTS.owner), { taskId: task.taskId });
      const downBit = 1 << onChain.verifiers.indexOf(address);
      expect(onChain.seedCommitted & downBit).toBe(0);
      expect(onChain.seedRevealed).toBe(onChain.seedCommitted);
      expect(onChain.bestSubmissionId.toString()).toBe(record.submissionId);
      expect(record.phase).toBe('withdrawn');
    } finally {
      runner.stop();
      await runner.done.catch(() => {});
      runner.ctx.provider.destroy();
    }
  }, 240_000);
});
