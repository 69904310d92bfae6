/**
 * Tasks with several verifiers (issue 23, contract side): the seed window (commit-then-reveal of
 * contributions) and scores that count only with m matching signatures.
 */
import { ZeroHash } from 'ethers';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ScoreQuorumError,
  commitSeed,
  eventsNamed,
  finalize,
  getCredit,
  getTask,
  getTaskView,
  recordScore,
  revealSeed,
  seedPhase,
  sendMarketTx,
  settleSeed,
  testSeedFromContributions,
} from '@tem/core/market';
import { expectRevert } from './test-support/expect-revert.js';
import {
  type Entry,
  type Market,
  OWNER,
  RELAYER,
  SOLVERS,
  STRANGER,
  VERIFIERS,
  commitResult,
  fixSeed,
  newTask,
  recordEntryScore,
  revealEntry,
  scoreSignatures,
  seedMaterial,
  rawRecordScore,
  useMarket,
  travelTo,
  verifierOrder,
} from './test-support/fixture.js';

const ETHER = 10n ** 18n;
const use = useMarket();
let market: Market;
beforeEach(() => {
  market = use();
});

const relayer = () => market.client(RELAYER);
const addressOf = (index: number) => market.wallet(index).address;
const THREE = [VERIFIERS[0], VERIFIERS[1], VERIFIERS[2]];

/** A task with verifiers `THREE` (threshold `m`) and `count` revealed submissions. */
async function quorumTask(m: number, count = 2) {
  const { taskId, task } = await newTask(market, { verifiers: THREE, threshold: m, minScore: 1n });
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++)
    entries.push(await commitResult(market, taskId, SOLVERS[i]!, `q${i}`));
  await travelTo(market, task.commitDeadline);
  for (const e of entries) await revealEntry(market, taskId, e);
  const after = await getTask(market.client(OWNER), { taskId });
  return { taskId, task: after, entries, order: verifierOrder(market, after) };
}

describe('the seed window of a task with several verifiers', () => {
  it('fixes the seed as soon as every verifier committed and revealed, from all contributions', async () => {
    const { taskId, task, order } = await quorumTask(2);
    await travelTo(market, task.revealDeadline);
    expect(seedPhase(task, await market.chain.now())).toBe('committing');
    const material = [];
    for (const v of order) {
      const m = await seedMaterial(market, taskId, v);
      material.push(m);
      const r = await commitSeed(relayer(), {
        taskId,
        commitment: m.commitment,
        signature: m.signature,
      });
      expect(eventsNamed(r.events, 'SeedCommitted')[0]!.args).toMatchObject({
        verifier: addressOf(v),
        commitment: m.commitment,
      });
    }
    // Every verifier committed: reveals open before the commit half of the window ends.
    const now = await market.chain.now();
    expect(now).toBeLessThan(task.seedCommitDeadline);
    expect(seedPhase(await getTaskView(relayer(), { taskId }), now)).toBe('revealing');
    const first = await revealSeed(relayer(), {
      taskId,
      verifierIndex: 0,
      contribution: material[0]!.contribution,
    });
    expect(first.testSeed).toBeUndefined();
    await revealSeed(relayer(), {
      taskId,
      verifierIndex: 2,
      contribution: material[2]!.contribution,
    });
    const last = await revealSeed(relayer(), {
      taskId,
      verifierIndex: 1,
      contribution: material[1]!.contribution,
    });
    const expected = testSeedFromContributions(
      task.revealsDigest,
      new Map(material.map((m, i) => [i, m.contribution])),
    );
    expect(last.testSeed).toBe(expected);
    expect(eventsNamed(last.events, 'TestSeedFixed')[0]!.args).toEqual({
      taskId,
      testSeed: expected,
      revealsDigest: task.revealsDigest,
      contributors: 7n,
    });
    const view = await getTaskView(relayer(), { taskId });
    expect([view.testSeed, view.seedCommitted, view.seedRevealed]).toEqual([expected, 7, 7]);
    expect(seedPhase(view, await market.chain.now())).toBe('fixed');
  });

  it('gives the same seed whatever order the contributions are revealed in', async () => {
    const seeds = [];
    for (const revealOrder of [
      [0, 1, 2],
      [2, 0, 1],
    ]) {
      const s = await market.chain.snapshot();
      const { taskId, order } = await quorumTask(2);
      const ordered = revealOrder.map((i) => order[i]!);
      seeds.push(await fixSeed(market, taskId, { committers: order, revealers: ordered }));
      await market.chain.revert(s);
    }
    expect(seeds[0]).not.toBe(ZeroHash);
    expect(seeds[1]).toBe(seeds[0]);
  });

  it('waits for the seed window when a committed verifier has not revealed, then settles with m', async () => {
    const { taskId, task, order } = await quorumTask(2);
    await travelTo(market, task.revealDeadline);
    const material = [];
    for (const v of order) {
      const m = await seedMaterial(market, taskId, v);
      material.push(m);
      await commitSeed(relayer(), { taskId, commitment: m.commitment, signature: m.signature });
    }
    await revealSeed(relayer(), {
      taskId,
      verifierIndex: 0,
      contribution: material[0]!.contribution,
    });
    await revealSeed(relayer(), {
      taskId,
      verifierIndex: 1,
      contribution: material[1]!.contribution,
    });
    expect((await getTaskView(relayer(), { taskId })).testSeed).toBe(ZeroHash);
    await expectRevert(settleSeed(relayer(), { taskId }), 'SeedRevealNotOver', {
      seedRevealDeadline: task.seedRevealDeadline,
    });
    await travelTo(market, task.seedRevealDeadline);
    const view = await getTaskView(relayer(), { taskId });
    expect(seedPhase(view, await market.chain.now())).toBe('settleable');
    await expectRevert(
      revealSeed(relayer(), { taskId, verifierIndex: 2, contribution: material[2]!.contribution }),
      'SeedRevealClosed',
    );
    const settled = await settleSeed(market.client(STRANGER), { taskId });
    expect(settled.testSeed).toBe(
      testSeedFromContributions(
        task.revealsDigest,
        new Map([
          [0, material[0]!.contribution],
          [1, material[1]!.contribution],
        ]),
      ),
    );
    expect(eventsNamed(settled.events, 'TestSeedFixed')[0]!.args.contributors).toBe(3n);
  });

  it('refunds the owner when fewer than m contributions are revealed (SeedQuorumMissed)', async () => {
    const { taskId, task, order } = await quorumTask(2);
    await travelTo(market, task.revealDeadline);
    const m = await seedMaterial(market, taskId, order[0]!);
    await commitSeed(relayer(), { taskId, commitment: m.commitment, signature: m.signature });
    await travelTo(market, task.seedCommitDeadline);
    await revealSeed(relayer(), { taskId, verifierIndex: 0, contribution: m.contribution });
    expect(seedPhase(await getTaskView(relayer(), { taskId }), await market.chain.now())).toBe(
      'missed',
    );
    await travelTo(market, task.seedRevealDeadline);
    await expectRevert(settleSeed(relayer(), { taskId }), 'SeedQuorumMissed', {
      revealed: 1n,
      threshold: 2n,
    });
    await travelTo(market, task.scoringDeadline);
    const result = await finalize(relayer(), { taskId });
    expect([result.payee, result.amount]).toEqual([addressOf(OWNER), ETHER]);
  });

  it('keeps commitments and reveals in their halves of the window', async () => {
    const { taskId, task, order } = await quorumTask(2);
    const m0 = await seedMaterial(market, taskId, order[0]!);
    await expectRevert(
      commitSeed(relayer(), {
        taskId,
        commitment: m0.commitment,
        signature: m0.signature,
        verifierIndex: 0,
      }),
      'SeedWindowNotOpen',
      { revealDeadline: task.revealDeadline },
    );
    await travelTo(market, task.revealDeadline);
    await commitSeed(relayer(), { taskId, commitment: m0.commitment, signature: m0.signature });
    await expectRevert(
      commitSeed(relayer(), { taskId, commitment: m0.commitment, signature: m0.signature }),
      'SeedAlreadyCommitted',
      { verifierIndex: 0n },
    );
    // Not everyone committed: no reveal before the commit half ends.
    await expectRevert(
      revealSeed(relayer(), { taskId, verifierIndex: 0, contribution: m0.contribution }),
      'SeedRevealNotOpen',
      { seedCommitDeadline: task.seedCommitDeadline },
    );
    await travelTo(market, task.seedCommitDeadline);
    const m1 = await seedMaterial(market, taskId, order[1]!);
    await expectRevert(
      commitSeed(relayer(), { taskId, commitment: m1.commitment, signature: m1.signature }),
      'SeedCommitClosed',
      { seedCommitDeadline: task.seedCommitDeadline },
    );
    await expectRevert(
      revealSeed(relayer(), { taskId, verifierIndex: 1, contribution: m1.contribution }),
      'SeedNotRevealable',
      { verifierIndex: 1n },
    );
    await expectRevert(
      revealSeed(relayer(), { taskId, verifierIndex: 0, contribution: m1.contribution }),
      'SeedContributionMismatch',
    );
    await expectRevert(
      revealSeed(relayer(), { taskId, verifierIndex: 7, contribution: m0.contribution }),
      'SeedNotRevealable',
    );
  });

  it('accepts a seed commitment only from the indexed verifier, for the final digest and this task', async () => {
    const { taskId, task, order } = await quorumTask(2);
    await travelTo(market, task.revealDeadline);
    const m0 = await seedMaterial(market, taskId, order[0]!);
    await expectRevert(
      commitSeed(relayer(), {
        taskId,
        commitment: m0.commitment,
        signature: m0.signature,
        verifierIndex: 1,
      }),
      'InvalidSeedSignature',
      { signer: addressOf(order[0]!), verifier: addressOf(order[1]!) },
    );
    await expectRevert(
      sendMarketTx(relayer(), 'commitSeed', [
        taskId,
        task.verifiers,
        3,
        m0.commitment,
        m0.signature,
      ]),
      'VerifierIndexOutOfRange',
    );
    await expectRevert(
      sendMarketTx(relayer(), 'commitSeed', [
        taskId,
        [addressOf(STRANGER)],
        0,
        m0.commitment,
        m0.signature,
      ]),
      'VerifierSetMismatch',
    );
    const stranger = await seedMaterial(market, taskId, STRANGER);
    await expect(
      commitSeed(relayer(), {
        taskId,
        commitment: stranger.commitment,
        signature: stranger.signature,
      }),
    ).rejects.toThrow(/not a verifier/);
  });

  it('does not let a verifier cancel another’s contribution by copying its commitment', async () => {
    const { taskId, task, order } = await quorumTask(2);
    await travelTo(market, task.revealDeadline);
    const honest = await seedMaterial(market, taskId, order[0]!);
    await commitSeed(relayer(), {
      taskId,
      commitment: honest.commitment,
      signature: honest.signature,
    });
    // Verifier 1 signs the honest verifier's commitment as its own, then reveals the same value.
    const { signSeedCommitment } = await import('@tem/core/market');
    const copied = await signSeedCommitment(market.wallet(order[1]!), {
      chainId: 366n,
      contract: market.address,
      taskId,
      revealsDigest: task.revealsDigest,
      commitment: honest.commitment,
    });
    await commitSeed(relayer(), { taskId, commitment: honest.commitment, signature: copied });
    await travelTo(market, task.seedCommitDeadline);
    await revealSeed(relayer(), { taskId, verifierIndex: 0, contribution: honest.contribution });
    const fixed = await revealSeed(relayer(), {
      taskId,
      verifierIndex: 1,
      contribution: honest.contribution,
    });
    // The terms are keyed by verifier index, so the XOR does not cancel to a known value.
    const cancelled = testSeedFromContributions(task.revealsDigest, new Map());
    expect(fixed.testSeed).not.toBe(cancelled);
    expect(fixed.testSeed).toBe(
      testSeedFromContributions(
        task.revealsDigest,
        new Map([
          [0, honest.contribution],
          [1, honest.contribution],
        ]),
      ),
    );
  });

  it('reverts WrongSeedProcedure for commitSeed, revealSeed and settleSeed on a one-verifier task', async () => {
    const { taskId, task } = await newTask(market);
    await travelTo(market, task.revealDeadline);
    await expectRevert(
      sendMarketTx(relayer(), 'commitSeed', [taskId, task.verifiers, 0, ZeroHash, '0x']),
      'WrongSeedProcedure',
      { verifierCount: 1n },
    );
    await expectRevert(
      revealSeed(relayer(), { taskId, verifierIndex: 0, contribution: ZeroHash }),
      'WrongSeedProcedure',
    );
    await expectRevert(settleSeed(relayer(), { taskId }), 'WrongSeedProcedure');
  });
});

describe('scores of a task with a verifier quorum', () => {
  it('records a score with m matching signatures, any m of n, and names the signers', async () => {
    const { taskId, entries, order } = await quorumTask(2);
    await fixSeed(market, taskId);
    const r = await recordEntryScore(market, taskId, entries[0]!, 40n, [order[2]!, order[0]!]);
    expect([r.best, r.signers]).toEqual([true, 0b101]);
    const r2 = await recordEntryScore(market, taskId, entries[1]!, 50n, [order[1]!, order[2]!]);
    expect([r2.best, r2.signers]).toEqual([true, 0b110]);
    expect((await getTaskView(relayer(), { taskId })).bestSubmissionId).toBe(2n);
  });

  it('rejects a score with m - 1 signatures (on chain: WrongSignatureCount; in core: ScoreQuorumError)', async () => {
    const { taskId, entries, order, task } = await quorumTask(3);
    await fixSeed(market, taskId);
    const e = entries[0]!;
    const two = await scoreSignatures(market, taskId, e, 40n, { signers: [order[0]!, order[1]!] });
    await expect(
      recordEntryScore(market, taskId, e, 40n, [order[0]!, order[1]!]),
    ).rejects.toBeInstanceOf(ScoreQuorumError);
    await expectRevert(
      rawRecordScore(market, taskId, e, 40n, task.verifiers, two),
      'WrongSignatureCount',
      { length: 130n, threshold: 3n },
    );
  });

  it('rejects the same verifier twice and signatures out of verifier order', async () => {
    const { taskId, entries, order, task } = await quorumTask(2);
    await fixSeed(market, taskId);
    const e = entries[0]!;
    const [s0, s1] = await scoreSignatures(market, taskId, e, 40n, {
      signers: [order[0]!, order[1]!],
    });
    const send = (signatures: string[]) =>
      rawRecordScore(market, taskId, e, 40n, task.verifiers, signatures);
    await expectRevert(send([s0!, s0!]), 'InvalidScoreSignature', {
      position: 1n,
      signer: addressOf(order[0]!),
    });
    await expectRevert(send([s1!, s0!]), 'InvalidScoreSignature', { position: 1n });
    const ok = await send([s0!, s1!]);
    expect(eventsNamed(ok.events, 'ScoreRecorded')[0]!.args.signers).toBe(0b011n);
  });

  it('a verifier that signs a wrong score changes nothing: the winner is the one the honest majority scored', async () => {
    const { taskId, entries, order, task } = await quorumTask(2);
    await fixSeed(market, taskId);
    const [honestA, honestB, liar] = order as [number, number, number];
    // True scores: submission 1 scores 30, submission 2 scores 80.
    await recordEntryScore(market, taskId, entries[0]!, 30n, [honestA, honestB]);
    await recordEntryScore(market, taskId, entries[1]!, 80n, [honestA, honestB]);
    // The liar signs 999 for submission 1; no honest verifier signs it, so it never reaches m.
    const lie = await scoreSignatures(market, taskId, entries[0]!, 999n, { signers: [liar] });
    const honest30 = await scoreSignatures(market, taskId, entries[0]!, 30n, {
      signers: [honestA],
    });
    await expect(
      recordScore(relayer(), {
        taskId,
        submissionId: 1n,
        score: 999n,
        signatures: [...lie, ...honest30],
      }),
    ).rejects.toBeInstanceOf(ScoreQuorumError);
    await expectRevert(
      rawRecordScore(market, taskId, entries[0]!, 999n, task.verifiers, [...honest30, ...lie]),
      'InvalidScoreSignature',
    );
    await travelTo(market, task.scoringDeadline);
    const result = await finalize(relayer(), { taskId });
    expect([result.winningSubmissionId, result.payee]).toEqual([2n, addressOf(SOLVERS[1])]);
  });

  it('a verifier that never takes part does not block the seed, the score or the payout', async () => {
    const { taskId, entries, order, task } = await quorumTask(2);
    const [a, b] = order as [number, number, number];
    await fixSeed(market, taskId, { committers: [a, b] });
    await recordEntryScore(market, taskId, entries[0]!, 70n, [a, b]);
    await travelTo(market, task.scoringDeadline);
    const result = await finalize(relayer(), { taskId });
    expect(result.payee).toBe(addressOf(SOLVERS[0]));
    expect(await getCredit(relayer(), { account: addressOf(SOLVERS[0]) })).toBe(ETHER);
  });

  it('core relays any m valid signatures given in any order and drops the invalid ones', async () => {
    const { taskId, entries, order } = await quorumTask(2);
    await fixSeed(market, taskId);
    const e = entries[0]!;
    const valid = await scoreSignatures(market, taskId, e, 40n, {
      signers: [order[2]!, order[1]!, order[0]!],
    });
    const bogus = await scoreSignatures(market, taskId, e, 41n, { signers: [order[0]!] });
    const r = await recordScore(relayer(), {
      taskId,
      submissionId: e.submissionId,
      score: 40n,
      signatures: [...bogus, ...valid, '0xdeadbeef'],
    });
    expect(r.signers).toBe(0b011);
  });
});
