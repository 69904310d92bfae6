/**
 * The calls of a property run and their random generators: every TaskMarket function, by every
 * kind of actor, with valid and broken arguments, shaped like a market's life so that each call
 * succeeds now and then.
 */
import fc from 'fast-check';

/** How a createTask call is broken (if at all). */
export type Broken =
  | 'none'
  | 'bounty'
  | 'commitWindow'
  | 'revealWindow'
  | 'scoringWindow'
  | 'horizon'
  | 'minScore'
  | 'threshold'
  | 'seedWindow'
  | 'order'
  | 'ownerVerifier';

export type Deadline = 'commit' | 'reveal' | 'seedCommit' | 'seedReveal' | 'scoring';

export type Command =
  | {
      kind: 'create';
      actor: number;
      n: number;
      m: number;
      offset: number;
      bond: bigint;
      bounty: bigint;
      commitIn: number;
      revealIn: number;
      seedWindow: number;
      scoreIn: number;
      minScore: bigint;
      broken: Broken;
    }
  | { kind: 'fund'; actor: number; task: number; amount: bigint }
  | { kind: 'cancel'; actor: number; task: number }
  | { kind: 'commit'; actor: number; task: number; label: number; wrongBond: boolean }
  | { kind: 'reveal'; actor: number; task: number; sub: number; honest: boolean }
  | { kind: 'fixSeed'; actor: number; task: number; honest: boolean; id?: number }
  | {
      kind: 'commitSeed';
      actor: number;
      task: number;
      verifier: number;
      honest: boolean;
      id?: number;
    }
  | {
      kind: 'revealSeed';
      actor: number;
      task: number;
      verifier: number;
      honest: boolean;
      id?: number;
    }
  | { kind: 'settleSeed'; actor: number; task: number; id?: number }
  /** The next seed step of a task that needs one (fixTestSeed, commitSeed, revealSeed or settleSeed). */
  | { kind: 'seed'; actor: number; task: number; verifier: number; honest: boolean }
  | {
      kind: 'score';
      actor: number;
      task: number;
      sub: number;
      score: bigint;
      signers: number;
      stranger: boolean;
    }
  | { kind: 'finalize'; actor: number; task: number }
  | { kind: 'withdraw'; actor: number }
  | { kind: 'withdrawTo'; actor: number; payee: number }
  | { kind: 'force'; amount: bigint }
  | { kind: 'wait'; seconds: number }
  | { kind: 'travel'; task: number; deadline: Deadline; jitter: number };

export type Kind = Command['kind'];

/** Number of actors (EOAs, contracts accepting, rejecting and re-entering, a verifier's account). */
export const ACTOR_COUNT = 7;

const actor = fc.nat({ max: ACTOR_COUNT - 1 });
const ref = fc.nat({ max: 99 });
/** Mostly true, sometimes false (constantFrom favours its first values). */
const mostly = fc.constantFrom(true, true, true, true, true, false);
const windowLength = fc.integer({ min: 5, max: 60 });

const validCreate = fc
  .record({
    kind: fc.constant('create' as const),
    actor: fc.constantFrom(0, 0, 1, 3, 4, 5),
    n: fc.constantFrom(1, 1, 2, 3),
    m: fc.nat({ max: 2 }),
    offset: fc.nat({ max: 2 }),
    bond: fc.constantFrom(0n, 10n ** 15n, 3n * 10n ** 15n),
    bounty: fc.bigInt({ min: 1n, max: 5n }).map((b) => b * 10n ** 17n),
    commitIn: windowLength,
    revealIn: windowLength,
    seedWindow: windowLength,
    scoreIn: windowLength,
    minScore: fc.bigInt({ min: 0n, max: 10n }),
    broken: fc.constant('none' as Broken),
  })
  .map((c) => ({ ...c, m: (c.m % c.n) + 1 }));

const createCommand: fc.Arbitrary<Command> = fc
  .tuple(
    validCreate,
    fc.constantFrom<Broken>(
      'none',
      'none',
      'none',
      'none',
      'bounty',
      'commitWindow',
      'revealWindow',
      'scoringWindow',
      'horizon',
      'minScore',
      'threshold',
      'seedWindow',
      'order',
      'ownerVerifier',
    ),
  )
  .map(([c, broken]) => ({ ...c, broken }));

const arbitraries: Record<Kind, fc.Arbitrary<Command>> = {
  create: createCommand,
  fund: fc.record({
    kind: fc.constant('fund' as const),
    actor,
    task: ref,
    amount: fc.bigInt({ min: 0n, max: 3n }),
  }),
  cancel: fc.record({ kind: fc.constant('cancel' as const), actor, task: ref }),
  commit: fc.record({
    kind: fc.constant('commit' as const),
    actor,
    task: ref,
    label: fc.nat({ max: 3 }),
    wrongBond: fc.constantFrom(false, false, false, false, true),
  }),
  reveal: fc.record({
    kind: fc.constant('reveal' as const),
    actor,
    task: ref,
    sub: ref,
    honest: mostly,
  }),
  fixSeed: fc.record({ kind: fc.constant('fixSeed' as const), actor, task: ref, honest: mostly }),
  commitSeed: fc.record({
    kind: fc.constant('commitSeed' as const),
    actor,
    task: ref,
    verifier: fc.nat({ max: 3 }),
    honest: mostly,
  }),
  revealSeed: fc.record({
    kind: fc.constant('revealSeed' as const),
    actor,
    task: ref,
    verifier: fc.nat({ max: 3 }),
    honest: mostly,
  }),
  settleSeed: fc.record({ kind: fc.constant('settleSeed' as const), actor, task: ref }),
  seed: fc.record({
    kind: fc.constant('seed' as const),
    actor,
    task: ref,
    verifier: fc.nat({ max: 3 }),
    honest: mostly,
  }),
  score: fc.record({
    kind: fc.constant('score' as const),
    actor,
    task: ref,
    sub: ref,
    score: fc.oneof(
      { weight: 20, arbitrary: fc.bigInt({ min: 0n, max: 20n }) },
      { weight: 1, arbitrary: fc.constant(2_000_001n) },
    ),
    signers: fc.constantFrom(7, 7, 7, 3, 5, 6, 1, 2, 4),
    stranger: fc.constantFrom(false, false, false, false, false, false, true),
  }),
  finalize: fc.record({ kind: fc.constant('finalize' as const), actor, task: ref }),
  withdraw: fc.record({ kind: fc.constant('withdraw' as const), actor }),
  withdrawTo: fc.record({ kind: fc.constant('withdrawTo' as const), actor, payee: actor }),
  force: fc.record({
    kind: fc.constant('force' as const),
    amount: fc.bigInt({ min: 1n, max: 9n }),
  }),
  wait: fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 8 }) }),
  travel: fc.record({
    kind: fc.constant('travel' as const),
    task: ref,
    deadline: fc.constantFrom<Deadline>('commit', 'reveal', 'seedCommit', 'seedReveal', 'scoring'),
    jitter: fc.integer({ min: -1, max: 1 }),
  }),
};

/** Every call, weighted towards those that make progress in a stage of a task's life. */
function stage(weights: Partial<Record<Kind, number>>): fc.Arbitrary<Command> {
  return fc.oneof(
    ...(Object.keys(arbitraries) as Kind[]).map((kind) => ({
      weight: weights[kind] ?? 1,
      arbitrary: arbitraries[kind],
    })),
  );
}

const travelTo = (deadline: Deadline): fc.Arbitrary<Command> =>
  fc.record({
    kind: fc.constant('travel' as const),
    task: fc.constant(0),
    deadline: fc.constant(deadline),
    jitter: fc.constantFrom(0, 0, 0, -1, 1),
  });

/**
 * A random sequence shaped like a market's life: creations, commits, then (after task 1's commit
 * deadline) reveals, then the seed, then scores, then finalizations and withdrawals. Every call
 * can appear anywhere.
 */
export const sequence: fc.Arbitrary<Command[]> = fc
  .tuple(
    fc.array(validCreate, { minLength: 1, maxLength: 2 }),
    fc.array(stage({ commit: 20, create: 2, fund: 2, cancel: 2 }), { minLength: 3, maxLength: 6 }),
    travelTo('commit'),
    fc.array(stage({ reveal: 20 }), { minLength: 2, maxLength: 5 }),
    travelTo('reveal'),
    fc.array(stage({ seed: 30 }), { minLength: 2, maxLength: 6 }),
    travelTo('seedCommit'),
    fc.array(stage({ seed: 24, score: 10 }), { minLength: 2, maxLength: 5 }),
    travelTo('seedReveal'),
    fc.array(stage({ seed: 8, score: 24 }), { minLength: 2, maxLength: 5 }),
    travelTo('scoring'),
    fc.array(stage({ finalize: 8, withdraw: 6, withdrawTo: 4, force: 1 }), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map((parts) => parts.flat());
