import type { MarketTaskView } from './task.js';

/**
 * Where a task stands: `commit` (open for commits), `reveal` (reveal window), `scoring` (the test
 * seed is fixed, then scores are recorded: see {@link seedPhase}), `finalizable` (anyone may
 * finalize), `finalized`, `cancelled`.
 */
export type TaskPhase = 'commit' | 'reveal' | 'scoring' | 'finalizable' | 'finalized' | 'cancelled';

/** The task fields that decide its phase. */
export type TaskPhaseInput = Pick<
  MarketTaskView,
  'state' | 'commitDeadline' | 'revealDeadline' | 'scoringDeadline'
>;

/**
 * The phase of a task at unix time `now` (seconds), matching the contract's checks exactly for a
 * transaction executed at `now`. Pass the latest block's timestamp: on Theta a transaction runs with
 * its parent block's timestamp, so that is exactly the time the next transaction sees (on anvil the
 * next block is a second or more later).
 *
 * @example
 * taskPhase(task, latestBlock.timestamp); // 'reveal'
 */
export function taskPhase(task: TaskPhaseInput, now: bigint | number): TaskPhase {
  if (task.state === 'finalized') return 'finalized';
  if (task.state === 'cancelled') return 'cancelled';
  const t = BigInt(now);
  if (t < task.commitDeadline) return 'commit';
  if (t < task.revealDeadline) return 'reveal';
  if (t < task.scoringDeadline) return 'scoring';
  return 'finalizable';
}

/** When the given phase ends (unix seconds), or `undefined` for phases without an end. */
export function phaseEndsAt(task: TaskPhaseInput, phase: TaskPhase): bigint | undefined {
  switch (phase) {
    case 'commit':
      return task.commitDeadline;
    case 'reveal':
      return task.revealDeadline;
    case 'scoring':
      return task.scoringDeadline;
    default:
      return undefined;
  }
}

/**
 * Where a task's test seed stands:
 * - `reveals-open`: the reveal window is open, the reveals digest is not final; nobody signs yet;
 * - `awaiting-signature`: one verifier; its `TestSeed` signature can be relayed (`fixTestSeed`);
 * - `committing`: several verifiers; seed commitments are relayed (`commitSeed`);
 * - `revealing`: several verifiers; contributions are relayed (`revealSeed`);
 * - `settleable`: the seed window is over with at least m contributions: `settleSeed`;
 * - `fixed`: scores can be recorded;
 * - `missed`: no seed can be fixed any more: no score will count and finalize refunds the owner.
 */
export type SeedPhase =
  | 'reveals-open'
  | 'awaiting-signature'
  | 'committing'
  | 'revealing'
  | 'settleable'
  | 'fixed'
  | 'missed';

/** The task fields that decide its seed phase. */
export type SeedPhaseInput = Pick<
  MarketTaskView,
  | 'revealDeadline'
  | 'seedWindow'
  | 'scoringDeadline'
  | 'verifierCount'
  | 'threshold'
  | 'testSeed'
  | 'seedCommitted'
  | 'seedRevealed'
>;

const bitCount = (mask: number): number => {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
};

/**
 * The seed phase of a task at unix time `now` (seconds), following the contract's checks.
 *
 * @example
 * if (seedPhase(task, now) === 'awaiting-signature') await fixTestSeed(client, { taskId, signature });
 */
export function seedPhase(task: SeedPhaseInput, now: bigint | number): SeedPhase {
  if (!/^0x0*$/.test(task.testSeed)) return 'fixed';
  const t = BigInt(now);
  if (t < task.revealDeadline) return 'reveals-open';
  if (t >= task.scoringDeadline) return 'missed';
  if (task.verifierCount <= 1) return 'awaiting-signature';
  const commitDeadline = task.revealDeadline + task.seedWindow;
  const revealDeadline = commitDeadline + task.seedWindow;
  const everyone = (1 << task.verifierCount) - 1;
  if (t < commitDeadline && task.seedCommitted !== everyone) return 'committing';
  if (t < revealDeadline) {
    return bitCount(task.seedCommitted) >= task.threshold ? 'revealing' : 'missed';
  }
  return bitCount(task.seedRevealed) >= task.threshold ? 'settleable' : 'missed';
}
