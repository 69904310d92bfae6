import { describe, expect, it } from 'vitest';
import { taskOf } from '../../test/test-support/board.js';
import { describeSeed } from './seed-state.js';

const three = ['0x' + '1'.repeat(40), '0x' + '2'.repeat(40), '0x' + '3'.repeat(40)];
const quorum = taskOf({ verifiers: three, verifierCount: 3, threshold: 2, seedWindow: 600n });
const FIXED = `0x${'5e'.repeat(32)}`;

describe('describeSeed', () => {
  it('follows a one-verifier task from the reveal window to its seed, or to none', () => {
    const task = taskOf();
    expect(describeSeed(task, 1_000_100).headline).toBe('Not yet');
    expect(describeSeed(task, 1_000_600).headline).toBe('Waiting for the verifier');
    expect(describeSeed({ ...task, testSeed: FIXED }, 1_000_700).headline).toBe('Fixed');
    const missed = describeSeed(task, 1_002_000);
    expect(missed.headline).toBe('None: the owner is refunded');
    expect(missed.detail).toContain(
      'finalizing refunds the owner the bounty and the forfeited bonds',
    );
  });

  it('counts commitments and reveals of several verifiers, k of n', () => {
    expect(describeSeed(quorum, 1_000_700).headline).toBe('Committed 0 of 3');
    expect(describeSeed({ ...quorum, seedCommitted: 0b011 }, 1_000_700).headline).toBe(
      'Committed 2 of 3',
    );
    // The commit half is over: reveals of the committed contributions.
    expect(
      describeSeed({ ...quorum, seedCommitted: 0b011, seedRevealed: 0b001 }, 1_001_300).headline,
    ).toBe('Committed 2 of 3, revealed 1');
    // All three committed: the reveal half opens early.
    expect(describeSeed({ ...quorum, seedCommitted: 0b111 }, 1_000_700).phase).toBe('revealing');
    expect(
      describeSeed({ ...quorum, seedCommitted: 0b111, seedRevealed: 0b011 }, 1_001_900).headline,
    ).toBe('Revealed 2 of 3: ready to settle');
    expect(describeSeed({ ...quorum, testSeed: FIXED }, 1_001_900, 0b011).detail).toContain(
      'from the contributions of 2 of 3 verifiers',
    );
  });

  it('says when too few verifiers took part', () => {
    const few = describeSeed({ ...quorum, seedCommitted: 0b001 }, 1_001_300);
    expect(few.headline).toBe('None: the owner is refunded');
    expect(few.detail).toContain('Fewer than 2 of 3 verifiers took part in time');
  });
});
