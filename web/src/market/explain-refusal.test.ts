import { describe, expect, it } from 'vitest';
import { boardOf, submissionOf, taskOf } from '../../test/test-support/board.js';
import {
  explainCancelRefusal,
  explainCommitRefusal,
  explainCreateRefusal,
  explainFinalizeRefusal,
  explainRevealRefusal,
  explainScoreRefusal,
  explainSeedRefusal,
  explainWithdrawRefusal,
} from './explain-refusal.js';

const SOLVER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const OTHER = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65';
const at = (now: number, task = taskOf(), submissions = [submissionOf()]) => ({
  board: boardOf(task, submissions),
  now,
});

describe('refusals without revert data, explained from the chain state', () => {
  it('commit: the window closed, the bond not affordable, or the task over', () => {
    expect(explainCommitRefusal(at(1_000_000), { balance: null })).toMatch(
      /^Commits to task #7 closed ended 0s ago \(chain time 1970-01-12 13:46 UTC\)\.$/,
    );
    expect(
      explainCommitRefusal(at(999_000, taskOf({ commitBond: 10n ** 18n })), {
        balance: 10n ** 17n,
      }),
    ).toBe('Your wallet holds 0.1 TFuel: the commit bond is 1 TFuel plus gas.');
    expect(
      explainCommitRefusal(at(999_000, taskOf({ state: 'cancelled' })), { balance: null }),
    ).toBe('Task #7 was cancelled by its owner.');
    expect(explainCommitRefusal(at(999_000), { balance: null })).toBeNull();
  });

  it('reveal: outside the window, a wrong submission or solver, else the preimage itself', () => {
    expect(explainRevealRefusal(at(999_000), 1n, SOLVER)).toContain(
      'Reveals open when commits close',
    );
    expect(explainRevealRefusal(at(1_000_600), 1n, SOLVER)).toContain('The reveal window closed');
    expect(explainRevealRefusal(at(1_000_100), 2n, SOLVER)).toBe('Task #7 has no submission #2.');
    expect(
      explainRevealRefusal(at(1_000_100, taskOf(), [submissionOf({ revealed: true })]), 1n, SOLVER),
    ).toBe('Submission #1 is already revealed.');
    expect(explainRevealRefusal(at(1_000_100), 1n, OTHER)).toBe(
      `Submission #1 was committed by ${SOLVER}, not by ${OTHER}: this commit secret is not for it.`,
    );
    expect(explainRevealRefusal(at(1_000_100), 1n, SOLVER.toLowerCase())).toBe(
      'The result CID and salt do not match the commitment of submission #1: this is not the commit secret it was made with.',
    );
  });

  it('seed, score, finalize, cancel and withdraw', () => {
    const fixed = taskOf({ testSeed: `0x${'5e'.repeat(32)}` });
    expect(explainSeedRefusal(at(1_000_700, fixed))).toContain('already fixed');
    expect(explainSeedRefusal(at(1_000_100))).toContain('The seed window opens when reveals close');
    expect(explainScoreRefusal(at(1_000_700), 1n)).toBe(
      'The test seed is not fixed yet: no score counts before it.',
    );
    expect(explainScoreRefusal(at(1_002_000, fixed), 1n)).toContain('Scoring closed');
    expect(explainScoreRefusal(at(1_000_700, fixed), 1n)).toBe('Submission #1 is not revealed.');
    expect(explainFinalizeRefusal(at(1_001_000))).toMatch(
      /^Scoring runs until .* finalize after that\.$/,
    );
    expect(explainFinalizeRefusal(at(1_003_000, taskOf({ state: 'finalized' })))).toBe(
      'Somebody finalized task #7 already.',
    );
    const owner = taskOf().owner;
    expect(explainCancelRefusal(at(999_000, taskOf({ submissionCount: 1n })), owner)).toBe(
      'Somebody committed to task #7, so it can no longer be cancelled.',
    );
    expect(explainCancelRefusal(at(999_000), SOLVER)).toBe(
      `Only the owner, ${owner}, may cancel task #7.`,
    );
    expect(explainWithdrawRefusal(0n, null)).toContain('Nothing to withdraw');
    expect(explainWithdrawRefusal(10n ** 18n, OTHER)).toContain(`${OTHER} refused the 1 TFuel`);
  });

  it('createTask: the chain moved on while the transaction waited, or a bound the form let through', () => {
    const limits = {
      minWindow: 600,
      maxScore: 3_000_000n,
      maxHorizon: 365 * 86_400,
      maxVerifiers: 7,
    };
    const request = {
      owner: OTHER,
      commitDeadline: 1_000_660n,
      revealDeadline: 1_001_260n,
      scoringDeadline: 1_001_860n,
      seedWindow: 0n,
      minScore: 0n,
      verifiers: [SOLVER],
      threshold: 1,
    };
    expect(explainCreateRefusal(request, limits, 1_000_000)).toBeNull();
    expect(explainCreateRefusal(request, limits, 1_000_100)).toContain(
      'the chain moved on while the transaction waited',
    );
    expect(explainCreateRefusal({ ...request, verifiers: [OTHER] }, limits, 1_000_000)).toBe(
      'Your address is among the verifiers: the owner of a task cannot verify it.',
    );
  });
});
