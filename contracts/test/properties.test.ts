/**
 * Property runs: random sequences of every call by several accounts, checked step by step against
 * a model of the contract, and against the invariants of issue 5:
 * - the contract's balance equals the bounties of open tasks plus unwithdrawn credits;
 * - a task is finalized at most once;
 * - every task can always reach payout or refund;
 * - nobody withdraws more than credited.
 */
import fc from 'fast-check';
import type { CID } from 'multiformats/cid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type MarketClient,
  type TxResult,
  cancel,
  commit,
  createTask,
  eventsNamed,
  finalize,
  fund,
  getCredit,
  getTask,
  listTasks,
  recordScore,
  reveal,
  scanEvents,
  signScore,
  withdraw,
} from '@tem/core/market';
import { type Market, OWNER, SOLVERS, STRANGER, VERIFIER, cidOf, startMarket } from './fixture.js';

const ACTORS = [OWNER, SOLVERS[0], SOLVERS[1], SOLVERS[2]] as const;
const GAS = { gasLimit: 1_000_000n };

type Command =
  | {
      kind: 'create';
      actor: number;
      bounty: bigint;
      commitIn: number;
      revealIn: number;
      scoreIn: number;
      minScore: bigint;
    }
  | { kind: 'fund'; actor: number; task: number; amount: bigint }
  | { kind: 'cancel'; actor: number; task: number }
  | { kind: 'commit'; actor: number; task: number; label: number }
  | { kind: 'reveal'; actor: number; task: number; sub: number; honest: boolean }
  | { kind: 'score'; actor: number; task: number; sub: number; score: bigint; byVerifier: boolean }
  | { kind: 'finalize'; actor: number; task: number }
  | { kind: 'withdraw'; actor: number }
  | { kind: 'wait'; seconds: number }
  | { kind: 'travel'; task: number; deadline: 'commit' | 'reveal' | 'scoring'; jitter: number };

interface ModelSubmission {
  solver: string;
  resultCid: CID;
  salt: string;
  revealed: boolean;
  scored: boolean;
  score: bigint;
}

interface ModelTask {
  owner: string;
  bounty: bigint;
  commitDeadline: bigint;
  revealDeadline: bigint;
  scoringDeadline: bigint;
  minScore: bigint;
  state: 'open' | 'finalized' | 'cancelled';
  subs: ModelSubmission[];
  bestId: number;
  bestScore: bigint;
  finalizations: number;
}

const actor = fc.constantFrom(...ACTORS);
// Task and submission references are resolved against the model when the step runs: mostly an
// existing one, sometimes the next (missing) id.
const taskRef = fc.nat({ max: 99 });
const subRef = fc.nat({ max: 99 });
/** Mostly true, sometimes false (constantFrom favours its first values). */
const mostly = fc.constantFrom(true, true, true, true, true, false);
const offset = fc.integer({ min: 5, max: 40 });
/** Valid creation parameters. */
const validCreate = fc.record({
  kind: fc.constant('create' as const),
  actor,
  bounty: fc.bigInt({ min: 1n, max: 5n }).map((n) => n * 10n ** 17n),
  commitIn: offset,
  revealIn: offset,
  scoreIn: offset,
  minScore: fc.bigInt({ min: 0n, max: 10n }),
});
/** Creation parameters, one of them broken now and then. */
const createCommand: fc.Arbitrary<Command> = fc
  .tuple(
    validCreate,
    fc.constantFrom('none', 'none', 'none', 'bounty', 'commitIn', 'revealIn', 'scoreIn'),
  )
  .map(([c, broken]) =>
    broken === 'none' ? c : broken === 'bounty' ? { ...c, bounty: 0n } : { ...c, [broken]: 0 },
  );
const fundCommand: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('fund' as const),
  actor,
  task: taskRef,
  amount: fc.bigInt({ min: 0n, max: 3n }),
});
const cancelCommand: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('cancel' as const),
  actor,
  task: taskRef,
});
const commitCommand: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('commit' as const),
  actor,
  task: taskRef,
  label: fc.integer({ min: 0, max: 3 }),
});
const revealCommand: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('reveal' as const),
  actor,
  task: taskRef,
  sub: subRef,
  honest: mostly,
});
const scoreCommand: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('score' as const),
  actor,
  task: taskRef,
  sub: subRef,
  score: fc.bigInt({ min: 0n, max: 20n }),
  byVerifier: mostly,
});
const finalizeCommand: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('finalize' as const),
  actor,
  task: taskRef,
});
const withdrawCommand: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('withdraw' as const),
  actor,
});
const waitCommand: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('wait' as const),
  seconds: fc.integer({ min: 1, max: 30 }),
});
/** Jumps to just before, at or after one of a task's deadlines (never backwards). */
const travelCommand = (
  task: fc.Arbitrary<number>,
  deadline: fc.Arbitrary<'commit' | 'reveal' | 'scoring'>,
): fc.Arbitrary<Command> =>
  fc.record({
    kind: fc.constant('travel' as const),
    task,
    deadline,
    jitter: fc.integer({ min: -1, max: 1 }),
  });
const anyTravel = travelCommand(
  taskRef,
  fc.constantFrom('commit' as const, 'reveal' as const, 'scoring' as const),
);

/** Every call, weighted towards those that make progress in the given stage of a task's life. */
function stage(weights: Partial<Record<Command['kind'], number>>): fc.Arbitrary<Command> {
  const all: [Command['kind'], fc.Arbitrary<Command>][] = [
    ['create', createCommand],
    ['fund', fundCommand],
    ['cancel', cancelCommand],
    ['commit', commitCommand],
    ['reveal', revealCommand],
    ['score', scoreCommand],
    ['finalize', finalizeCommand],
    ['withdraw', withdrawCommand],
    ['wait', waitCommand],
    ['travel', anyTravel],
  ];
  return fc.oneof(...all.map(([kind, arbitrary]) => ({ weight: weights[kind] ?? 1, arbitrary })));
}

/**
 * A random sequence shaped like a market's life so that every call succeeds now and then:
 * creations, a commit-heavy stretch, a reveal-and-score-heavy stretch after task 1's commit
 * deadline, and a finalize-and-withdraw-heavy stretch after its scoring deadline. Every call can
 * appear anywhere.
 */
const sequence: fc.Arbitrary<Command[]> = fc
  .tuple(
    fc.array(validCreate, { minLength: 1, maxLength: 2 }),
    fc.array(stage({ commit: 12, fund: 2, cancel: 2 }), { minLength: 3, maxLength: 10 }),
    travelCommand(fc.constant(0), fc.constant('commit')),
    fc.array(stage({ reveal: 16, score: 12 }), { minLength: 5, maxLength: 15 }),
    travelCommand(fc.constant(0), fc.constant('scoring')),
    fc.array(stage({ finalize: 8, withdraw: 8 }), { minLength: 2, maxLength: 8 }),
  )
  .map(([creates, commits, toReveal, reveals, toEnd, ends]) => [
    ...creates,
    ...commits,
    toReveal,
    ...reveals,
    toEnd,
    ...ends,
  ]);

/** An existing id most of the time, the next (missing) id now and then. */
const resolve = (ref: number, count: number): number =>
  ref % 8 === 7 ? count + 1 : count === 0 ? 1 : (ref % count) + 1;

let market: Market;
let snapshot: string;
beforeAll(async () => {
  market = await startMarket();
  snapshot = await market.chain.snapshot();
});
afterAll(async () => {
  await market?.stop();
});

/** Runs one sequence and checks model agreement and the invariants after every step. */
async function runSequence(
  commands: Command[],
  options: { literalIds?: boolean } = {},
): Promise<void> {
  await market.chain.revert(snapshot);
  snapshot = await market.chain.snapshot();
  const provider = market.chain.provider;
  const client = (index: number): MarketClient => market.client(index);
  const address = (index: number): string => market.wallet(index).address;
  const tasks: ModelTask[] = [];
  const credits = new Map<string, bigint>(ACTORS.map((a) => [address(a), 0n]));
  const credited = new Map<string, bigint>(ACTORS.map((a) => [address(a), 0n]));
  const withdrawn = new Map<string, bigint>(ACTORS.map((a) => [address(a), 0n]));
  let now = await market.chain.now();
  const startBlock = (await provider.getBlockNumber()) + 1;
  const credit = (account: string, amount: bigint) => {
    credits.set(account, (credits.get(account) ?? 0n) + amount);
    credited.set(account, (credited.get(account) ?? 0n) + amount);
  };

  /** Sends one transaction in a block at `now + 1`; returns the result or undefined if it reverted. */
  const send = async <T extends TxResult>(action: () => Promise<T>): Promise<T | undefined> => {
    now += 1n;
    await provider.send('evm_setNextBlockTimestamp', [Number(now)]);
    try {
      return await action();
    } catch {
      return undefined;
    }
  };

  const finalizeModel = (id: number, result: TxResult | undefined) => {
    const task = tasks[id - 1]!;
    const win = task.bestId !== 0 && task.bestScore >= task.minScore;
    const payee = win ? task.subs[task.bestId - 1]!.solver : task.owner;
    task.state = 'finalized';
    task.finalizations += 1;
    credit(payee, task.bounty);
    expect(eventsNamed(result!.events, 'TaskFinalized')[0]!.args.payee).toBe(payee);
  };

  const step = async (raw: Command): Promise<void> => {
    const c = { ...raw };
    if (!options.literalIds && 'task' in c) {
      if ('sub' in c) {
        // Reveals mostly pick an unrevealed submission, scores a revealed unscored one, of a task
        // that has one; now and then any reference, valid or not.
        const wanted = (task: ModelTask | undefined) =>
          (task?.subs ?? [])
            .map((sub, i) => ({ sub, id: i + 1 }))
            .filter(({ sub }) =>
              c.kind === 'reveal' ? !sub.revealed : sub.revealed && !sub.scored,
            );
        const candidates = tasks
          .map((task, i) => ({ id: i + 1, subs: wanted(task) }))
          .filter((x) => x.subs.length > 0);
        if (c.sub % 4 !== 3 && candidates.length > 0) {
          const pick = candidates[c.task % candidates.length]!;
          c.task = pick.id;
          c.sub = pick.subs[c.sub % pick.subs.length]!.id;
        } else {
          c.task = resolve(c.task, tasks.length);
          c.sub = resolve(c.sub, tasks[c.task - 1]?.subs.length ?? 0);
        }
      } else {
        c.task = resolve(c.task, tasks.length);
      }
    }
    const t = now + 1n;
    const task = 'task' in c ? tasks[c.task - 1] : undefined;
    const open = task?.state === 'open';
    switch (c.kind) {
      case 'create': {
        const commitDeadline = t + BigInt(c.commitIn);
        const revealDeadline = commitDeadline + BigInt(c.revealIn);
        const scoringDeadline = revealDeadline + BigInt(c.scoreIn);
        const ok = c.bounty > 0n && c.commitIn > 0 && c.revealIn > 0 && c.scoreIn > 0;
        const result = await send(async () =>
          createTask(client(c.actor), {
            specCid: await cidOf('spec'),
            bounty: c.bounty,
            commitDeadline,
            revealDeadline,
            scoringDeadline,
            verifier: address(VERIFIER),
            minScore: c.minScore,
            overrides: GAS,
          }),
        );
        expect(result !== undefined, 'createTask outcome').toBe(ok);
        if (ok) {
          tasks.push({
            owner: address(c.actor),
            bounty: c.bounty,
            commitDeadline,
            revealDeadline,
            scoringDeadline,
            minScore: c.minScore,
            state: 'open',
            subs: [],
            bestId: 0,
            bestScore: 0n,
            finalizations: 0,
          });
          expect(result!.taskId).toBe(BigInt(tasks.length));
        }
        return;
      }
      case 'fund': {
        const ok = open && c.amount > 0n && t < task!.commitDeadline;
        const result = await send(() =>
          fund(client(c.actor), { taskId: c.task, amount: c.amount, overrides: GAS }),
        );
        expect(result !== undefined, 'fund outcome').toBe(ok);
        if (ok) task!.bounty += c.amount;
        return;
      }
      case 'cancel': {
        const ok = open && task!.owner === address(c.actor) && task!.subs.length === 0;
        const result = await send(() =>
          cancel(client(c.actor), { taskId: c.task, overrides: GAS }),
        );
        expect(result !== undefined, 'cancel outcome').toBe(ok);
        if (ok) {
          task!.state = 'cancelled';
          credit(task!.owner, task!.bounty);
        }
        return;
      }
      case 'commit': {
        const ok = open && t < task!.commitDeadline;
        const resultCid = await cidOf(`result ${c.label}`);
        const salt = `0x${(tasks.length * 1000 + (task?.subs.length ?? 0) + 1).toString(16).padStart(64, '0')}`;
        const result = await send(() =>
          commit(client(c.actor), { taskId: c.task, resultCid, salt, overrides: GAS }),
        );
        expect(result !== undefined, 'commit outcome').toBe(ok);
        if (ok) {
          task!.subs.push({
            solver: address(c.actor),
            resultCid,
            salt,
            revealed: false,
            scored: false,
            score: 0n,
          });
          expect(result!.submissionId).toBe(BigInt(task!.subs.length));
        }
        return;
      }
      case 'reveal': {
        const sub = task?.subs[c.sub - 1];
        const ok =
          open &&
          t >= task!.commitDeadline &&
          t < task!.revealDeadline &&
          !!sub &&
          !sub.revealed &&
          c.honest;
        const resultCid = sub?.resultCid ?? (await cidOf('nothing'));
        const salt = c.honest && sub ? sub.salt : `0x${'ee'.repeat(32)}`;
        const result = await send(() =>
          reveal(client(c.actor), {
            taskId: c.task,
            submissionId: c.sub,
            resultCid,
            salt,
            overrides: GAS,
          }),
        );
        expect(result !== undefined, 'reveal outcome').toBe(ok);
        if (ok) sub!.revealed = true;
        return;
      }
      case 'score': {
        const sub = task?.subs[c.sub - 1];
        const ok =
          open && t < task!.scoringDeadline && !!sub && sub.revealed && !sub.scored && c.byVerifier;
        const testSeed = task
          ? (await getTask(client(OWNER), { taskId: c.task })).testSeed
          : `0x${'00'.repeat(32)}`;
        const signature = await signScore(market.wallet(c.byVerifier ? VERIFIER : STRANGER), {
          chainId: 366n,
          contract: market.address,
          taskId: c.task,
          submissionId: c.sub,
          resultCid: sub?.resultCid ?? (await cidOf('nothing')),
          score: c.score,
          testSeed,
        });
        const result = await send(() =>
          recordScore(client(c.actor), {
            taskId: c.task,
            submissionId: c.sub,
            score: c.score,
            signature,
            overrides: GAS,
          }),
        );
        expect(result !== undefined, 'recordScore outcome').toBe(ok);
        if (ok) {
          sub!.scored = true;
          sub!.score = c.score;
          const best =
            task!.bestId === 0 ||
            c.score > task!.bestScore ||
            (c.score === task!.bestScore && c.sub < task!.bestId);
          expect(result!.best).toBe(best);
          if (best) {
            task!.bestId = c.sub;
            task!.bestScore = c.score;
          }
        }
        return;
      }
      case 'finalize': {
        const ok = open && t >= task!.scoringDeadline;
        const result = await send(() =>
          finalize(client(c.actor), { taskId: c.task, overrides: GAS }),
        );
        expect(result !== undefined, 'finalize outcome').toBe(ok);
        if (ok) finalizeModel(c.task, result);
        return;
      }
      case 'withdraw': {
        const account = address(c.actor);
        const owed = credits.get(account) ?? 0n;
        const result = await send(() => withdraw(client(c.actor), { overrides: GAS }));
        expect(result !== undefined, 'withdraw outcome').toBe(owed > 0n);
        if (result) {
          expect(result.amount).toBe(owed);
          credits.set(account, 0n);
          withdrawn.set(account, (withdrawn.get(account) ?? 0n) + result.amount);
        }
        return;
      }
      case 'wait':
        now += BigInt(c.seconds);
        return;
      case 'travel': {
        if (!task) return;
        const deadline =
          c.deadline === 'commit'
            ? task.commitDeadline
            : c.deadline === 'reveal'
              ? task.revealDeadline
              : task.scoringDeadline;
        // The next transaction lands at now + 1.
        const target = deadline + BigInt(c.jitter) - 1n;
        if (target > now) now = target;
        return;
      }
    }
  };

  const checkInvariants = async () => {
    const [balance, page, chainCredits] = await Promise.all([
      provider.getBalance(market.address),
      listTasks(client(OWNER)),
      Promise.all(ACTORS.map((a) => getCredit(client(OWNER), { account: address(a) }))),
    ]);
    const openBounties = page.items
      .filter((t) => t.state === 'open')
      .reduce((sum, t) => sum + t.bounty, 0n);
    const unwithdrawn = chainCredits.reduce((sum, c) => sum + c, 0n);
    expect(balance).toBe(openBounties + unwithdrawn);
    expect(chainCredits).toEqual(ACTORS.map((a) => credits.get(address(a))));
    expect(page.items.map((t) => t.state)).toEqual(tasks.map((t) => t.state));
    expect(page.items.map((t) => t.bounty)).toEqual(tasks.map((t) => t.bounty));
    for (const t of tasks) expect(t.finalizations).toBeLessThanOrEqual(1);
    for (const a of ACTORS) {
      expect(withdrawn.get(address(a))!).toBeLessThanOrEqual(credited.get(address(a))!);
    }
  };

  for (const c of commands) {
    await step(c);
    await checkInvariants();
  }

  // Every task reaches payout or refund: after the last deadline anyone finalizes the open ones.
  const last = tasks.reduce((max, t) => (t.scoringDeadline > max ? t.scoringDeadline : max), now);
  now = last;
  for (let id = 1; id <= tasks.length; id++) {
    if (tasks[id - 1]!.state !== 'open') continue;
    const result = await send(() => finalize(client(SOLVERS[2]), { taskId: id, overrides: GAS }));
    expect(result, `task ${id} can be finalized`).toBeDefined();
    finalizeModel(id, result);
  }
  for (const a of ACTORS) {
    if ((credits.get(address(a)) ?? 0n) > 0n) await step({ kind: 'withdraw', actor: a });
  }
  await checkInvariants();
  expect(await provider.getBalance(market.address)).toBe(0n);
  for (const a of ACTORS) expect(withdrawn.get(address(a))).toBe(credited.get(address(a)));

  // The same from the chain's own record: each task finalized or cancelled exactly once, and every
  // account withdrew exactly what it was credited.
  const { events } = await scanEvents(client(OWNER), { fromBlock: startBlock, windowSize: 7 });
  const ends = new Map<bigint, number>();
  const net = new Map<string, bigint>();
  for (const e of events) {
    if (e.eventName === 'TaskFinalized' || e.eventName === 'TaskCancelled') {
      ends.set(e.args.taskId, (ends.get(e.args.taskId) ?? 0) + 1);
    } else if (e.eventName === 'Credited') {
      net.set(e.args.account, (net.get(e.args.account) ?? 0n) + e.args.amount);
    } else if (e.eventName === 'Withdrawn') {
      net.set(e.args.account, (net.get(e.args.account) ?? 0n) - e.args.amount);
    }
  }
  expect([...ends.values()]).toEqual(tasks.map(() => 1));
  for (const balance of net.values()) expect(balance).toBe(0n);
}

it('keeps the escrow invariants over random sequences of calls by several accounts', async () => {
  await fc.assert(
    fc.asyncProperty(sequence, (commands) => runSequence(commands)),
    { numRuns: 10, endOnFailure: true },
  );
}, 300_000);

it('keeps them over a sequence that walks a task through every phase', async () => {
  await runSequence(
    [
      {
        kind: 'create',
        actor: OWNER,
        bounty: 10n ** 18n,
        commitIn: 10,
        revealIn: 10,
        scoreIn: 10,
        minScore: 3n,
      },
      { kind: 'fund', actor: SOLVERS[2], task: 1, amount: 5n },
      { kind: 'commit', actor: SOLVERS[0], task: 1, label: 1 },
      { kind: 'commit', actor: SOLVERS[1], task: 1, label: 2 },
      { kind: 'cancel', actor: OWNER, task: 1 },
      { kind: 'wait', seconds: 10 },
      { kind: 'reveal', actor: SOLVERS[0], task: 1, sub: 1, honest: true },
      { kind: 'reveal', actor: SOLVERS[1], task: 1, sub: 2, honest: false },
      { kind: 'reveal', actor: SOLVERS[2], task: 1, sub: 2, honest: true },
      { kind: 'score', actor: SOLVERS[2], task: 1, sub: 2, score: 7n, byVerifier: true },
      { kind: 'score', actor: OWNER, task: 1, sub: 1, score: 7n, byVerifier: true },
      { kind: 'finalize', actor: OWNER, task: 1 },
      { kind: 'wait', seconds: 20 },
      { kind: 'finalize', actor: OWNER, task: 1 },
      { kind: 'finalize', actor: OWNER, task: 1 },
      { kind: 'withdraw', actor: SOLVERS[0] },
      { kind: 'withdraw', actor: SOLVERS[0] },
    ],
    { literalIds: true },
  );
}, 60_000);
