/**
 * Property runs (issue 18): random call sequences by owners and solvers that are accounts or
 * contracts (accepting, rejecting, re-entering TFuel), on tasks with one to three verifiers,
 * checked step by step against a model and against the invariants: tracked funds exact and the
 * balance at least that (forced TFuel), every task ends paid or refunded, no credit paid twice.
 *
 * The runs are shared among `PROPERTY_WORKERS` anvils (default 2) that run side by side;
 * `PROPERTY_RUNS` (default 1000) sets how many, `PROPERTY_SEED` replays a reported failure.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Command, sequence } from './invariants/commands.js';
import { type PropertyEnv, runSequence, setUpMarket } from './invariants/run-sequence.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const WORKERS = Math.max(1, Number(process.env.PROPERTY_WORKERS ?? 2));
const SEED = Number(process.env.PROPERTY_SEED ?? 18);

let envs: PropertyEnv[] = [];
beforeAll(async () => {
  envs = await Promise.all(Array.from({ length: WORKERS }, () => setUpMarket()));
}, 120_000);
afterAll(async () => {
  await Promise.all(envs.map((env) => env.stop()));
});

it(`keeps the escrow invariants over ${RUNS} random call sequences`, async () => {
  const started = Date.now();
  await Promise.all(
    envs.map((env, w) =>
      fc.assert(
        fc.asyncProperty(sequence, (commands) => runSequence(env, commands)),
        {
          numRuns: Math.ceil((RUNS * (w + 1)) / WORKERS) - Math.ceil((RUNS * w) / WORKERS),
          seed: SEED + w,
          endOnFailure: true,
        },
      ),
    ),
  );
  const transactions = envs.reduce((sum, env) => sum + env.steps, 0);
  console.info(
    `properties: ${RUNS} sequences, ${transactions} transactions, ${WORKERS} anvils, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  expect(transactions).toBeGreaterThan(RUNS * 10);
  // Every function was called, and succeeded, many times over.
  const outcomes = new Map<string, { sent: number; succeeded: number }>();
  for (const env of envs) {
    for (const [name, t] of env.outcomes) {
      const sum = outcomes.get(name) ?? { sent: 0, succeeded: 0 };
      outcomes.set(name, { sent: sum.sent + t.sent, succeeded: sum.succeeded + t.succeeded });
    }
  }
  console.info(
    [...outcomes]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, t]) => `${name} ${t.succeeded}/${t.sent}`)
      .join(', '),
  );
  const functions = [
    'createTask',
    'fund',
    'cancel',
    'commit',
    'reveal',
    'fixTestSeed',
    'commitSeed',
    'revealSeed',
    'settleSeed',
    'recordScore',
    'finalize',
    'withdraw',
    'withdrawTo',
  ];
  for (const name of functions) {
    expect(outcomes.get(name)?.succeeded ?? 0, `${name} succeeded`).toBeGreaterThanOrEqual(
      Math.max(1, RUNS / 200),
    );
    expect(
      (outcomes.get(name)?.sent ?? 0) - (outcomes.get(name)?.succeeded ?? 0),
      `${name} refused`,
    ).toBeGreaterThan(0);
  }
}, 1_200_000);

it('keeps them over a sequence that walks one- and three-verifier tasks through every phase', async () => {
  const steps: Command[] = [
    // Task 1: one verifier, a bond; task 2: three verifiers, threshold 2, owned by a contract.
    {
      kind: 'create',
      actor: 0,
      n: 1,
      m: 1,
      offset: 0,
      bond: 10n ** 15n,
      bounty: 10n ** 17n,
      commitIn: 20,
      revealIn: 20,
      seedWindow: 5,
      scoreIn: 60,
      minScore: 3n,
      broken: 'none',
    },
    {
      kind: 'create',
      actor: 4,
      n: 3,
      m: 2,
      offset: 1,
      bond: 10n ** 15n,
      bounty: 2n * 10n ** 17n,
      commitIn: 20,
      revealIn: 20,
      seedWindow: 10,
      scoreIn: 30,
      minScore: 0n,
      broken: 'none',
    },
    {
      kind: 'create',
      actor: 0,
      n: 2,
      m: 1,
      offset: 0,
      bond: 0n,
      bounty: 10n ** 17n,
      commitIn: 20,
      revealIn: 20,
      seedWindow: 10,
      scoreIn: 30,
      minScore: 0n,
      broken: 'ownerVerifier',
    },
    { kind: 'fund', actor: 3, task: 0, amount: 3n },
    { kind: 'commit', actor: 1, task: 0, label: 1, wrongBond: false },
    { kind: 'commit', actor: 5, task: 0, label: 2, wrongBond: false },
    { kind: 'commit', actor: 4, task: 1, label: 3, wrongBond: false },
    { kind: 'commit', actor: 3, task: 1, label: 1, wrongBond: true },
    { kind: 'commit', actor: 2, task: 1, label: 0, wrongBond: false },
    { kind: 'cancel', actor: 0, task: 0 },
    { kind: 'travel', task: 0, deadline: 'commit', jitter: 0 },
    { kind: 'reveal', actor: 0, task: 0, sub: 0, honest: true },
    { kind: 'reveal', actor: 0, task: 0, sub: 0, honest: true },
    { kind: 'reveal', actor: 6, task: 1, sub: 0, honest: false },
    { kind: 'reveal', actor: 6, task: 1, sub: 0, honest: true },
    { kind: 'fixSeed', actor: 2, task: 0, honest: true },
    { kind: 'travel', task: 0, deadline: 'reveal', jitter: 0 },
    { kind: 'fixSeed', actor: 2, task: 0, honest: false },
    { kind: 'fixSeed', actor: 2, task: 0, honest: true },
    { kind: 'commitSeed', actor: 3, task: 1, verifier: 0, honest: true },
    { kind: 'commitSeed', actor: 3, task: 1, verifier: 1, honest: false },
    { kind: 'commitSeed', actor: 3, task: 1, verifier: 1, honest: true },
    { kind: 'revealSeed', actor: 3, task: 1, verifier: 0, honest: true },
    { kind: 'score', actor: 1, task: 0, sub: 0, score: 5n, signers: 1, stranger: false },
    { kind: 'score', actor: 1, task: 0, sub: 1, score: 5n, signers: 1, stranger: false },
    { kind: 'travel', task: 1, deadline: 'seedCommit', jitter: 0 },
    { kind: 'revealSeed', actor: 3, task: 1, verifier: 0, honest: true },
    { kind: 'revealSeed', actor: 3, task: 1, verifier: 1, honest: true },
    { kind: 'score', actor: 6, task: 1, sub: 0, score: 9n, signers: 1, stranger: false },
    { kind: 'score', actor: 6, task: 1, sub: 0, score: 9n, signers: 3, stranger: true },
    { kind: 'score', actor: 6, task: 1, sub: 0, score: 9n, signers: 6, stranger: false },
    { kind: 'force', amount: 2n },
    { kind: 'travel', task: 1, deadline: 'scoring', jitter: 0 },
    { kind: 'finalize', actor: 4, task: 0 },
    { kind: 'finalize', actor: 4, task: 1 },
    { kind: 'withdraw', actor: 4 },
    { kind: 'withdrawTo', actor: 4, payee: 5 },
    { kind: 'withdraw', actor: 5 },
    { kind: 'withdraw', actor: 5 },
  ];
  const before = envs[0]!.steps;
  await runSequence(envs[0]!, steps);
  expect(envs[0]!.steps - before).toBeGreaterThan(30);
}, 120_000);
