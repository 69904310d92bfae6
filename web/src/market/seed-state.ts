import { seedPhase, type SeedPhase } from '@tem/core/market';
import { formatCountdown, formatDeadline, shortHex } from '../format/index.js';
import type { MarketTask } from './types.js';

/** Where a task's test seed stands, in words. */
export interface SeedState {
  phase: SeedPhase;
  /** A few words: "Waiting for the verifier", "Committed 2 of 3", "Fixed", "None". */
  headline: string;
  /** What it means and what happens next. */
  detail: string;
  /** Verifiers whose seed commitment is on chain (n > 1). */
  committed: number;
  /** Verifiers whose contribution is revealed (n > 1). */
  revealed: number;
}

const count = (mask: number) => {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
};

const at = (deadline: bigint, now: number) =>
  `${formatDeadline(Number(deadline))}, ${formatCountdown(Number(deadline), now)}`;

/**
 * The seed state of a task at chain time `now` (core's `seedPhase`, which follows the
 * contract), with `contributors` from `TestSeedFixed` when the seed is fixed.
 *
 * @example
 * describeSeed(task, now).headline; // "Committed 2 of 3"
 */
export function describeSeed(
  task: Pick<
    MarketTask,
    | 'revealDeadline'
    | 'seedWindow'
    | 'scoringDeadline'
    | 'verifierCount'
    | 'threshold'
    | 'testSeed'
    | 'seedCommitted'
    | 'seedRevealed'
    | 'seedCommitDeadline'
    | 'seedRevealDeadline'
  >,
  now: number,
  contributors: number | null = null,
): SeedState {
  const phase = seedPhase(task, now);
  const n = task.verifierCount;
  const m = task.threshold;
  const committed = count(task.seedCommitted);
  const revealed = count(task.seedRevealed);
  const base = { phase, committed, revealed };
  switch (phase) {
    case 'reveals-open':
      return {
        ...base,
        headline: 'Not yet',
        detail: `The verifiers fix the test seed after the reveal window closes (${at(task.revealDeadline, now)}), so nobody can know it while submissions can still change.`,
      };
    case 'awaiting-signature':
      return {
        ...base,
        headline: 'Waiting for the verifier',
        detail:
          'The verifier signs the final reveals digest; the seed is the hash of that signature. Anyone may relay it, and scores count only after it.',
      };
    case 'committing':
      return {
        ...base,
        headline: `Committed ${committed} of ${n}`,
        detail: `Verifiers commit to their seed contributions until ${at(task.seedCommitDeadline, now)}; at least ${m} must take part. Anyone may relay a verifier's signed commitment.`,
      };
    case 'revealing':
      return {
        ...base,
        headline: `Committed ${committed} of ${n}, revealed ${revealed}`,
        detail: `Committed contributions are revealed until ${at(task.seedRevealDeadline, now)}; the seed is fixed once every committed one is revealed (at least ${m}). Anyone may relay a contribution.`,
      };
    case 'settleable':
      return {
        ...base,
        headline: `Revealed ${revealed} of ${n}: ready to settle`,
        detail: `The seed window is over with ${revealed} contributions (${m} needed): anyone may settle the seed from them.`,
      };
    case 'fixed':
      return {
        ...base,
        headline: 'Fixed',
        detail:
          n > 1 && contributors !== null
            ? `Seed ${shortHex(task.testSeed, 8)}, from the contributions of ${count(contributors)} of ${n} verifiers. Scores are signed over it.`
            : `Seed ${shortHex(task.testSeed, 8)}, from the verifier's signature over the final reveals digest. Scores are signed over it.`,
      };
    case 'missed':
      return {
        ...base,
        headline: 'None: the owner is refunded',
        detail:
          n > 1
            ? `Fewer than ${m} of ${n} verifiers took part in time, so no seed can be fixed and no score can count: finalizing refunds the owner the bounty and the forfeited bonds.`
            : 'The verifier never signed the seed before the scoring deadline, so no score can count: finalizing refunds the owner the bounty and the forfeited bonds.',
      };
  }
}
