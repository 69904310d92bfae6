import { Wallet } from 'ethers';
import { signScore } from '@tem/core/market';
import { describe, expect, it } from 'vitest';
import {
  beatsBest,
  decideScore,
  type ScoreQuorumInput,
  type VerifierScoreAnswer,
} from './score-quorum.js';

const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const SEED = `0x${'5e'.repeat(32)}`;
const RESULT = `0x${'ce'.repeat(32)}`;
const keys = [1, 2, 3].map((i) => new Wallet(`0x${i.toString(16).padStart(64, '0')}`));
const wallets = [...keys].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
const verifiers = wallets.map((w) => w.address);
const stranger = new Wallet(`0x${'77'.padStart(64, '0')}`);

const task: ScoreQuorumInput['task'] = {
  id: 4n,
  verifiers,
  threshold: 2,
  testSeed: SEED,
  bestScore: 0n,
  bestSubmissionId: 0n,
};
const submission = { id: 2n, resultCidHash: RESULT };

async function signed(wallet: Wallet, score: bigint, by = wallet): Promise<VerifierScoreAnswer> {
  const signature = await signScore(by, {
    chainId: 366,
    contract: CONTRACT,
    taskId: task.id,
    submissionId: submission.id,
    resultCidHash: RESULT,
    score,
    testSeed: SEED,
  });
  return { verifier: wallet.address, ok: true, score: score.toString(), signature };
}

const decide = (answers: VerifierScoreAnswer[], over: Partial<ScoreQuorumInput> = {}) =>
  decideScore({
    chainId: 366,
    contract: CONTRACT,
    task,
    submission,
    answers,
    maxScore: 2_000_000n,
    at: new Date(0),
    ...over,
  });

describe('decideScore', () => {
  it('relays m signatures of the score every verifier signed, in verifier order', async () => {
    const answers = await Promise.all(wallets.map((w) => signed(w, 900n)).reverse());
    const decision = decide(answers);
    expect(decision.kind).toBe('relay');
    if (decision.kind !== 'relay') return;
    expect(decision.score).toBe(900n);
    expect(decision.signatures).toEqual(
      [answers[2]!, answers[1]!].map((a) => (a.ok ? a.signature : '')),
    );
    expect(decision.report).toMatchObject({
      score: '900',
      agreed: verifiers,
      disagreed: [],
      missing: [],
    });
  });

  it('ignores a verifier that signs a wrong score, naming it as disagreeing', async () => {
    const answers = [
      await signed(wallets[0]!, 900n),
      await signed(wallets[1]!, 1_999_999n),
      await signed(wallets[2]!, 900n),
    ];
    const decision = decide(answers);
    expect(decision.kind).toBe('relay');
    expect(decision.report).toMatchObject({
      score: '900',
      agreed: [verifiers[0], verifiers[2]],
      disagreed: [{ verifier: verifiers[1], score: '1999999' }],
    });
  });

  it('relays without a verifier that does not answer, naming it as missing', async () => {
    const decision = decide([
      await signed(wallets[0]!, 900n),
      { verifier: verifiers[1]!, ok: false, reason: 'unreachable: ECONNREFUSED', retryable: true },
      await signed(wallets[2]!, 900n),
    ]);
    expect(decision.kind).toBe('relay');
    expect(decision.report.missing).toEqual([
      { verifier: verifiers[1], reason: 'unreachable: ECONNREFUSED' },
    ]);
  });

  it('does not count a signature that recovers to another key', async () => {
    const decision = decide([
      await signed(wallets[0]!, 900n),
      await signed(wallets[1]!, 900n, stranger),
      { verifier: verifiers[2]!, ok: false, reason: 'busy', retryable: true },
    ]);
    expect(decision).toMatchObject({ kind: 'no-quorum', retry: true });
    expect(decision.report.missing[0]).toMatchObject({ verifier: verifiers[1] });
    expect(decision.report.missing[0]!.reason).toContain(`recovers to ${stranger.address}`);
  });

  it('waits for no quorum when two verifiers disagree and the third is silent', async () => {
    const decision = decide([
      await signed(wallets[0]!, 900n),
      await signed(wallets[1]!, 901n),
      { verifier: verifiers[2]!, ok: false, reason: 'not revealed', retryable: true },
    ]);
    expect(decision.kind).toBe('no-quorum');
    expect(decision.kind === 'no-quorum' && decision.why).toContain('1 signed 900, 1 signed 901');
  });

  it('refuses two scores that each reach the threshold as a split quorum', async () => {
    const decision = decide([await signed(wallets[0]!, 900n), await signed(wallets[1]!, 901n)], {
      task: { ...task, threshold: 1 },
    });
    expect(decision.kind).toBe('no-quorum');
  });

  it('does not relay a score that does not beat the best', async () => {
    const answers = await Promise.all(wallets.map((w) => signed(w, 900n)));
    const decision = decide(answers, {
      task: { ...task, bestScore: 950n, bestSubmissionId: 1n },
    });
    expect(decision).toMatchObject({ kind: 'not-best', score: 900n });
  });

  it('does not relay a score above MAX_SCORE (the contract would refuse it)', async () => {
    const answers = await Promise.all(wallets.map((w) => signed(w, 2_000_001n)));
    expect(decide(answers)).toMatchObject({ kind: 'no-quorum', retry: false });
  });
});

describe('beatsBest', () => {
  it('follows the contract: higher, or equal with a lower submission id (the earlier commit)', () => {
    const best = { bestScore: 900n, bestSubmissionId: 3n };
    expect(beatsBest({ bestScore: 0n, bestSubmissionId: 0n }, 5n, 0n)).toBe(true);
    expect(beatsBest(best, 5n, 901n)).toBe(true);
    expect(beatsBest(best, 2n, 900n)).toBe(true);
    expect(beatsBest(best, 4n, 900n)).toBe(false);
    expect(beatsBest(best, 1n, 899n)).toBe(false);
  });
});
