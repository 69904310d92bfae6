import type { MarketTask } from '@tem/core/market';
import type { AnyTaskSpec } from '@tem/core/kinds';
import { specVerifiers } from '@tem/core/task';
import { formatTfuel } from '../format/human.js';

/** Windows (reveal, each seed half, scoring) shorter than this many blocks are too short to act in. */
export const MIN_WINDOW_BLOCKS = 10;

export interface AssessTaskParameters {
  task: MarketTask;
  spec: AnyTaskSpec;
  /** Chain time, unix seconds. */
  now: bigint;
  minBountyWei: bigint;
  safetyMarginSeconds: number;
  /** Least training time worth starting. */
  minTrainingSeconds: number;
  /** Verifier addresses the runner trusts (its config's `trustedVerifiers`). */
  trustedVerifiers: readonly string[];
  /** The contract's `MAX_SCORE`. */
  maxScore: bigint;
  /** Seconds between blocks on this chain. */
  blockTimeSeconds: number;
}

export type Assessment =
  { accept: true; trainingSeconds: number } | { accept: false; reason: string };

const skip = (reason: string): Assessment => ({ accept: false, reason });

/**
 * Whether the runner should work on a task: open for commits, a bounty worth it, a reachable
 * `minScore`, verifiers it trusts (at least m of the n trusted, fewer than m not: untrusted ones
 * can then neither decide a score nor block one), none of them the owner, the spec naming the
 * same verifiers as the chain, windows long enough to reveal, relay the seed and score, and
 * enough time before the commit deadline to train.
 */
export function assessTask(p: AssessTaskParameters): Assessment {
  const { task, spec } = p;
  if (task.state !== 'open') return skip(`the task is ${task.state}`);
  if (p.now >= task.commitDeadline) return skip('the commit window has closed');
  if (task.bounty < p.minBountyWei) {
    return skip(
      `bounty ${formatTfuel(task.bounty)} is below the minimum ${formatTfuel(p.minBountyWei)}`,
    );
  }
  if (task.minScore > p.maxScore) {
    return skip(
      `its minScore ${task.minScore} exceeds the contract's MAX_SCORE ${p.maxScore}: no score can win it`,
    );
  }
  const lower = (a: string) => a.toLowerCase();
  const chainSet = task.verifiers.map(lower);
  if (chainSet.includes(lower(task.owner))) {
    return skip(`its owner ${task.owner} is one of its verifiers`);
  }
  const named = specVerifiers(spec).map((v) => v.address);
  if (named.length !== chainSet.length || !named.every((a) => chainSet.includes(lower(a)))) {
    return skip(
      `the spec names verifier${named.length === 1 ? '' : 's'} ${named.join(', ')} but the task's are ${task.verifiers.join(', ')}`,
    );
  }
  const trusted = new Set(p.trustedVerifiers.map(lower));
  const untrusted = task.verifiers.filter((v) => !trusted.has(lower(v)));
  const trustedCount = task.verifiers.length - untrusted.length;
  if (trustedCount < task.threshold || untrusted.length >= task.threshold) {
    const needs = `the task needs ${task.threshold} of its ${task.verifiers.length} verifiers' signatures`;
    return skip(
      p.trustedVerifiers.length === 0
        ? `it trusts no verifier (set trustedVerifiers, --trust-verifier); ${needs}`
        : `untrusted verifier${untrusted.length === 1 ? '' : 's'} ${untrusted.join(', ')}: ${trustedCount} trusted, ${needs} (trust at least ${task.threshold} and leave fewer than ${task.threshold} untrusted)`,
    );
  }
  const minWindow = BigInt(MIN_WINDOW_BLOCKS * p.blockTimeSeconds);
  const windows: [string, bigint][] = [
    ['reveal window', task.revealDeadline - task.commitDeadline],
    ...(task.verifiers.length > 1 ? [['seed window', task.seedWindow] as [string, bigint]] : []),
    ['scoring window', task.scoringDeadline - task.seedRevealDeadline],
  ];
  for (const [name, length] of windows) {
    if (length < minWindow) {
      return skip(
        `its ${name} (${length} s) is shorter than ${MIN_WINDOW_BLOCKS} blocks (${minWindow} s): too short to act in`,
      );
    }
  }
  const trainingSeconds = Number(task.commitDeadline - p.now) - p.safetyMarginSeconds;
  if (trainingSeconds < p.minTrainingSeconds) {
    return skip(
      `only ${Math.max(0, trainingSeconds)} s to train before the commit deadline (margin ${p.safetyMarginSeconds} s)`,
    );
  }
  return { accept: true, trainingSeconds };
}
