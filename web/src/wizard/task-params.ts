import { sortVerifiers } from '@tem/core/market';
import { parseTfuel } from '../format/index.js';
import type { Form } from './form.js';
import { verifierCountOf, wholeNumber, type FormContext } from './validate.js';

/** What `createTask` is sent besides the spec CID: amounts in wei, windows in seconds. */
export interface TaskParams {
  bounty: bigint;
  commitBond: bigint;
  minScore: bigint;
  /** Ascending, as the contract stores them. */
  verifiers: string[];
  threshold: number;
  /** Each half of the seed window (0 with one verifier). */
  seedWindow: number;
  commitSeconds: number;
  revealSeconds: number;
  /** From the reveal deadline to the scoring deadline (the seed window included). */
  scoringSeconds: number;
}

/**
 * The chain parameters of a form that `formErrors` accepted, or null when it is not complete.
 * Verifiers come out in ascending order (core's `sortVerifiers`), whatever order they were typed.
 */
export function taskParams(form: Form, ctx: FormContext): TaskParams | null {
  const n = verifierCountOf(form, ctx.limits);
  const bounty = parseTfuel(form.bounty);
  const bond = parseTfuel(form.commitBond, { allowZero: true });
  const threshold = wholeNumber(form.threshold);
  const commit = wholeNumber(form.commitMinutes);
  const reveal = wholeNumber(form.revealMinutes);
  const scoring = wholeNumber(form.scoringMinutes);
  const seed = n !== null && n > 1 ? wholeNumber(form.seedMinutes) : 0;
  const minScore = form.minScore.trim();
  if (
    n === null ||
    !bounty.ok ||
    !bond.ok ||
    threshold === null ||
    commit === null ||
    reveal === null ||
    scoring === null ||
    seed === null ||
    !/^\d{1,20}$/.test(minScore)
  ) {
    return null;
  }
  let verifiers: string[];
  try {
    verifiers = sortVerifiers(form.verifiers.slice(0, n).map((v) => v.address.trim()));
  } catch {
    return null;
  }
  return {
    bounty: bounty.wei,
    commitBond: bond.wei,
    minScore: BigInt(minScore),
    verifiers,
    threshold,
    seedWindow: seed * 60,
    commitSeconds: commit * 60,
    revealSeconds: reveal * 60,
    scoringSeconds: scoring * 60,
  };
}
