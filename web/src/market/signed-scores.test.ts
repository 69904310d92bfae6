import { Wallet, keccak256, toUtf8Bytes } from 'ethers';
import { describe, expect, it } from 'vitest';
import { signScore } from '@tem/core/market';
import { submissionOf, taskOf } from '../../test/test-support/board.js';
import {
  checkSignedScore,
  relayableScore,
  scoreGroups,
  type VerifierScore,
} from './signed-scores.js';

const domain = { chainId: 366, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' };
const wallets = [1, 2, 3].map((i) => new Wallet(`0x${i.toString(16).padStart(64, '0')}`));
const verifiers = wallets.map((w) => w.address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
const byIndex = (i: number) => wallets.find((w) => w.address === verifiers[i])!;
const seed = keccak256(toUtf8Bytes('seed'));
const task = taskOf({ verifiers, verifierCount: 3, threshold: 2, testSeed: seed });
const submission = submissionOf({
  revealed: true,
  resultCidHash: keccak256(toUtf8Bytes('bundle')),
});
const sign = (i: number, score: bigint, over = submission) =>
  signScore(byIndex(i), {
    ...domain,
    taskId: task.id,
    submissionId: over.id,
    resultCidHash: over.resultCidHash!,
    score,
    testSeed: seed,
  });

describe('checkSignedScore', () => {
  it('accepts the verifier’s own signature over this submission, score and seed', async () => {
    const signature = await sign(1, 900n);
    expect(
      checkSignedScore(domain, task, submission, 1, { score: 900n, signature, verifier: null }),
    ).toEqual({ status: 'signed', score: 900n, signature });
  });

  it.each([
    ['another verifier’s signature', 0, 900n, 'not the verifier’s'],
    ['a signature of another score', 1, 901n, 'not the verifier’s'],
  ])('refuses %s', async (_what, signer, claimed, reason) => {
    const signature = await sign(signer, 900n);
    const state = checkSignedScore(domain, task, submission, 1, {
      score: claimed,
      signature,
      verifier: null,
    });
    expect(state).toMatchObject({ status: 'invalid', score: claimed });
    expect((state as { reason: string }).reason).toContain(reason);
  });

  it('refuses an endpoint that says it signs as someone else, and a malformed signature', async () => {
    const signature = await sign(1, 900n);
    expect(
      checkSignedScore(domain, task, submission, 1, {
        score: 900n,
        signature,
        verifier: verifiers[2]!,
      }),
    ).toMatchObject({
      status: 'invalid',
      reason: `the endpoint signs as ${verifiers[2]}, not ${verifiers[1]}`,
    });
    expect(
      checkSignedScore(domain, task, submission, 1, {
        score: 900n,
        signature: `0x${'00'.repeat(65)}`,
        verifier: null,
      }),
    ).toMatchObject({ status: 'invalid', reason: 'the signature is malformed' });
  });
});

describe('scoreGroups', () => {
  it('says who signed what, which verifiers agree and what the chain recorded, highest first', async () => {
    const states = new Map<number, VerifierScore>([
      [0, { status: 'signed', score: 900n, signature: await sign(0, 900n) }],
      [1, { status: 'signed', score: 900n, signature: await sign(1, 900n) }],
      [2, { status: 'signed', score: 950n, signature: await sign(2, 950n) }],
    ]);
    const recorded = submissionOf({
      ...submission,
      scored: true,
      score: 900n,
      scores: [{ score: 900n, signers: 0b011, best: true, blockNumber: 9, transactionHash: '0x' }],
    });
    const groups = scoreGroups(task, recorded, states);
    expect(groups.map((g) => [g.score, g.signers, g.quorum, g.recorded])).toEqual([
      [950n, [2], false, null],
      [900n, [0, 1], true, { signers: 0b011, best: true }],
    ]);
  });

  it('counts signers the chain checked even when their endpoints are gone', () => {
    const recorded = submissionOf({
      ...submission,
      scores: [{ score: 700n, signers: 0b101, best: true, blockNumber: 9, transactionHash: '0x' }],
    });
    const [group] = scoreGroups(task, recorded, new Map([[1, { status: 'no-endpoint' }]]));
    expect(group).toMatchObject({ score: 700n, signers: [0, 2], quorum: true });
    expect(group!.signatures.size).toBe(0);
  });
});

describe('relayableScore', () => {
  const quorum = async (score: bigint) =>
    scoreGroups(
      task,
      submission,
      new Map<number, VerifierScore>([
        [0, { status: 'signed', score, signature: await sign(0, score) }],
        [2, { status: 'signed', score, signature: await sign(2, score) }],
      ]),
    );

  it('offers a quorum-signed score that beats the best, ties going to the lower submission', async () => {
    const groups = await quorum(900n);
    expect(relayableScore(task, 1n, groups)?.score).toBe(900n);
    const best = { ...task, bestSubmissionId: 2n, bestScore: 900n };
    expect(relayableScore(best, 1n, groups)?.score).toBe(900n);
    expect(relayableScore(best, 3n, groups)).toBeNull();
    expect(relayableScore({ ...best, bestScore: 901n }, 1n, groups)).toBeNull();
  });

  it('offers nothing below the threshold or already recorded', async () => {
    const lone = scoreGroups(
      task,
      submission,
      new Map([[0, { status: 'signed', score: 900n, signature: await sign(0, 900n) }]]),
    );
    expect(relayableScore(task, 1n, lone)).toBeNull();
    const groups = await quorum(900n);
    expect(
      relayableScore(task, 1n, [{ ...groups[0]!, recorded: { signers: 0b101, best: true } }]),
    ).toBeNull();
  });
});
