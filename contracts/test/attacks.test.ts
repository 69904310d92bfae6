import { ContractFactory, Signature, Transaction, ZeroHash, getBytes, toBeHex } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type MarketClient,
  cancel,
  computeCommitment,
  decodeTaskMarketError,
  finalize,
  getCredit,
  getTask,
  listSubmissions,
  recordScore,
  reveal,
  waitForReceipt,
  withdraw,
} from '@tem/core/market';
import { compileContract } from '../scripts/solc.js';
import { deployTaskMarket } from '../src/index.js';
import { expectRevert } from './expect-revert.js';
import {
  type Entry,
  type Market,
  OWNER,
  RELAYER,
  SOLVERS,
  STRANGER,
  VERIFIER,
  cidOf,
  commitResult,
  newTask,
  revealEntry,
  sendBatch,
  startMarket,
  travelTo,
  verifierSignature,
} from './fixture.js';

const ETHER = 10n ** 18n;
let market: Market;
let snapshot: string;

beforeAll(async () => {
  market = await startMarket();
});
afterAll(async () => {
  await market?.stop();
});
beforeEach(async () => {
  snapshot = await market.chain.snapshot();
});
afterEach(async () => {
  await market.chain.revert(snapshot);
});

const owner = (): MarketClient => market.client(OWNER);
const addressOf = (index: number): string => market.wallet(index).address;

describe('a reentrant receiver', () => {
  const receiver = compileContract('ReentrantReceiver', ['test/ReentrantReceiver.sol'], {
    viaIR: false,
  });

  async function deployAttacker(catchReentry: boolean) {
    const factory = new ContractFactory(receiver.abi, receiver.bytecode, market.wallet(STRANGER));
    const attacker = await factory.deploy(market.address, catchReentry);
    await waitForReceipt(market.chain.provider, attacker.deploymentTransaction()!.hash);
    const address = await attacker.getAddress();
    // Credit the attacker 1 ether and honest users 5 ether that it would like to steal.
    const now = await market.chain.now();
    const tx = await attacker
      .getFunction('createAndCancel')
      .send((await cidOf('s')).bytes, now + 100n, addressOf(VERIFIER), {
        value: ETHER,
      });
    await waitForReceipt(market.chain.provider, tx.hash);
    const { taskId } = await newTask(market, { bounty: 5n * ETHER });
    await cancel(owner(), { taskId });
    return { attacker, address };
  }

  it('gets exactly its credit when it swallows the failed re-entry', async () => {
    const { attacker, address } = await deployAttacker(true);
    expect(await getCredit(owner(), { account: address })).toBe(ETHER);
    const tx = await attacker.getFunction('attack').send();
    expect((await waitForReceipt(market.chain.provider, tx.hash)).status).toBe(1);
    expect(await market.chain.provider.getBalance(address)).toBe(ETHER);
    expect(await attacker.getFunction('reentries').staticCall()).toBe(1n);
    expect(await attacker.getFunction('reentrySucceeded').staticCall()).toBe(false);
    expect(await getCredit(owner(), { account: address })).toBe(0n);
    expect(await market.chain.provider.getBalance(market.address)).toBe(5n * ETHER);
  });

  it('keeps its credit when the re-entry reverts the whole withdrawal (WithdrawFailed)', async () => {
    const { attacker, address } = await deployAttacker(false);
    // The attack transaction reverts as a whole; its revert data is TaskMarket's WithdrawFailed.
    const err = await attacker
      .getFunction('attack')
      .send()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const decoded = decodeTaskMarketError(err);
    expect(decoded?.errorName).toBe('WithdrawFailed');
    expect(decoded?.args).toMatchObject({ account: address, amount: ETHER });
    expect(await getCredit(owner(), { account: address })).toBe(ETHER);
    expect(await market.chain.provider.getBalance(market.address)).toBe(6n * ETHER);
  });
});

describe('a replayed score signature', () => {
  async function twoRevealedTasks() {
    const one = await newTask(market);
    const two = await newTask(market);
    const a1 = await commitResult(market, one.taskId, SOLVERS[0], 'same result');
    const b1 = await commitResult(market, one.taskId, SOLVERS[1], 'other result');
    const a2 = await commitResult(market, two.taskId, SOLVERS[0], 'same result');
    await travelTo(market, two.task.commitDeadline);
    await revealEntry(market, one.taskId, a1);
    await revealEntry(market, one.taskId, b1);
    await revealEntry(market, two.taskId, a2);
    return { one: one.taskId, two: two.taskId, a1, b1, a2 };
  }

  const relay = (taskId: bigint, entry: Entry, score: bigint, signature: string) =>
    recordScore(market.client(RELAYER), {
      taskId,
      submissionId: entry.submissionId,
      score,
      signature,
    });

  it('is rejected on another task, even for the same solver, id and CID', async () => {
    const { one, two, a1, a2 } = await twoRevealedTasks();
    const signature = await verifierSignature(market, one, a1, 90n);
    expect(a2.submissionId).toBe(a1.submissionId);
    await expectRevert(relay(two, a2, 90n, signature), 'InvalidScoreSignature');
    await relay(one, a1, 90n, signature);
  });

  it('is rejected on another submission of the same task', async () => {
    const { one, a1, b1 } = await twoRevealedTasks();
    const signature = await verifierSignature(market, one, a1, 90n);
    await expectRevert(relay(one, b1, 90n, signature), 'InvalidScoreSignature');
  });

  it('is rejected when signed for another chain id', async () => {
    const { one, a1 } = await twoRevealedTasks();
    const signature = await verifierSignature(market, one, a1, 90n, { chainId: 365n });
    await expectRevert(relay(one, a1, 90n, signature), 'InvalidScoreSignature');
  });

  it('is rejected when signed for another TaskMarket deployment', async () => {
    const { one, a1 } = await twoRevealedTasks();
    const other = await deployTaskMarket(market.wallet(STRANGER));
    const signature = await verifierSignature(market, one, a1, 90n, { contract: other.address });
    await expectRevert(relay(one, a1, 90n, signature), 'InvalidScoreSignature');
  });

  it('is rejected from a key that is not the task’s verifier', async () => {
    const { one, a1 } = await twoRevealedTasks();
    const signature = await verifierSignature(market, one, a1, 90n, { signer: OWNER });
    await expectRevert(relay(one, a1, 90n, signature), 'InvalidScoreSignature', {
      signer: addressOf(OWNER),
      verifier: addressOf(VERIFIER),
    });
  });

  it('is rejected for another test seed', async () => {
    const { one, a1 } = await twoRevealedTasks();
    const signature = await verifierSignature(market, one, a1, 90n, { testSeed: ZeroHash });
    await expectRevert(relay(one, a1, 90n, signature), 'InvalidScoreSignature');
  });

  it('is rejected a second time on the same submission', async () => {
    const { one, a1 } = await twoRevealedTasks();
    const signature = await verifierSignature(market, one, a1, 90n);
    await relay(one, a1, 90n, signature);
    await expectRevert(relay(one, a1, 90n, signature), 'ScoreAlreadyRecorded');
  });

  it('is rejected in its malleable high-s form', async () => {
    const { one, a1 } = await twoRevealedTasks();
    const sig = Signature.from(await verifierSignature(market, one, a1, 90n));
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const highS = `${sig.r}${toBeHex(n - BigInt(sig.s), 32).slice(2)}${sig.v === 27 ? '1c' : '1b'}`;
    await expectRevert(relay(one, a1, 90n, highS), 'InvalidScoreSignature', {
      signer: '0x0000000000000000000000000000000000000000',
    });
  });
});

describe('copying another solver’s answer', () => {
  it('cannot commit a CID seen in a reveal: commits are closed by then', async () => {
    const { taskId, task } = await newTask(market);
    const honest = await commitResult(market, taskId, SOLVERS[0], 'honest work');
    await travelTo(market, task.commitDeadline);
    await revealEntry(market, taskId, honest);
    await expectRevert(
      commitResult(market, taskId, SOLVERS[1], 'honest work'),
      'CommitWindowClosed',
    );
  });

  it('cannot reuse the honest commitment: it binds the solver', async () => {
    const { taskId, task } = await newTask(market);
    const honest = await commitResult(market, taskId, SOLVERS[0], 'honest work');
    const stored = await owner()
      .contract.getFunction('getSubmission')
      .staticCall(taskId, honest.submissionId);
    // The copier commits the very same commitment bytes, then replays the honest reveal.
    const copier = market.client(SOLVERS[1]);
    const tx = await copier.contract.getFunction('commit').send(taskId, stored.commitment);
    await waitForReceipt(market.chain.provider, tx.hash);
    await travelTo(market, task.commitDeadline);
    await revealEntry(market, taskId, honest);
    await expectRevert(
      reveal(copier, { taskId, submissionId: 2n, resultCid: honest.resultCid, salt: honest.salt }),
      'CommitmentMismatch',
    );
  });

  it('cannot front-run the reveal transaction: a copied reveal still credits the honest solver', async () => {
    const { taskId, task } = await newTask(market);
    const honest = await commitResult(market, taskId, SOLVERS[0], 'honest work');
    await travelTo(market, task.commitDeadline);
    // The copier sends the honest reveal's calldata first; the submission remains SOLVERS[0]'s.
    await reveal(market.client(SOLVERS[1]), { taskId, ...honest });
    const sig = await verifierSignature(market, taskId, honest, 10n);
    await recordScore(owner(), { taskId, submissionId: 1n, score: 10n, signature: sig });
    await travelTo(market, task.scoringDeadline);
    expect((await finalize(owner(), { taskId })).payee).toBe(addressOf(SOLVERS[0]));
  });

  it('cannot open a commitment made for another contract or chain', async () => {
    const { taskId, task } = await newTask(market);
    const resultCid = await cidOf('x');
    const salt = `0x${'11'.repeat(32)}`;
    const solverAddress = addressOf(SOLVERS[0]);
    const elsewhere = computeCommitment({
      chainId: 365n,
      contract: market.address,
      taskId,
      solver: solverAddress,
      resultCid,
      salt,
    });
    const tx = await market
      .client(SOLVERS[0])
      .contract.getFunction('commit')
      .send(taskId, elsewhere);
    await waitForReceipt(market.chain.provider, tx.hash);
    await travelTo(market, task.commitDeadline);
    await expectRevert(
      reveal(market.client(SOLVERS[0]), { taskId, submissionId: 1n, resultCid, salt }),
      'CommitmentMismatch',
    );
  });
});

describe('a griefing owner', () => {
  it('cannot cancel once somebody committed, in any phase, and the winner is paid', async () => {
    const { taskId, task } = await newTask(market, { bounty: 3n * ETHER });
    const entry = await commitResult(market, taskId, SOLVERS[0], 'work');
    await expectRevert(cancel(owner(), { taskId }), 'TaskHasCommits');
    await travelTo(market, task.commitDeadline);
    await revealEntry(market, taskId, entry);
    await expectRevert(cancel(owner(), { taskId }), 'TaskHasCommits');
    const sig = await verifierSignature(market, taskId, entry, 1n);
    await recordScore(market.client(SOLVERS[0]), {
      taskId,
      submissionId: 1n,
      score: 1n,
      signature: sig,
    });
    await travelTo(market, task.scoringDeadline);
    await expectRevert(cancel(owner(), { taskId }), 'TaskHasCommits');
    await finalize(market.client(SOLVERS[0]), { taskId });
    expect(await getCredit(owner(), { account: addressOf(SOLVERS[0]) })).toBe(3n * ETHER);
  });
});

/** Gas of a transaction's execution: gas used minus the intrinsic cost (21000 plus calldata, EIP-2028). */
async function executionGas(hash: string): Promise<bigint> {
  const receipt = await waitForReceipt(market.chain.provider, hash);
  const tx = await market.chain.provider.getTransaction(hash);
  const calldata = getBytes(Transaction.from(tx!).data);
  let intrinsic = 21_000n;
  for (const byte of calldata) intrinsic += byte === 0 ? 4n : 16n;
  return receipt.gasUsed - intrinsic;
}

describe('500 submissions to one task', () => {
  /** Commits and reveals `count` submissions, batching transactions per solver. */
  async function crowdedTask(count: number) {
    const { taskId, task } = await newTask(market, { minScore: 1n });
    const entries: Entry[] = [];
    for (let i = 0; i < count; i++) {
      const solver = SOLVERS[i % SOLVERS.length]!;
      entries.push({
        solver,
        submissionId: 0n,
        resultCid: await cidOf(`r${i}`),
        salt: toBeHex(i + 1, 32),
      });
    }
    const commitments = entries.map((e) =>
      computeCommitment({
        chainId: 366n,
        contract: market.address,
        taskId,
        solver: addressOf(e.solver),
        resultCid: e.resultCid,
        salt: e.salt,
      }),
    );
    await sendBatch(
      market,
      entries.map((e, i) => ({
        from: e.solver,
        functionName: 'commit',
        args: [taskId, commitments[i]],
      })),
    );
    // Submission ids follow arrival order: read them back from the chain.
    const idOf = new Map<string, bigint>();
    for (let offset: bigint | undefined = 0n; offset !== undefined;) {
      const page: Awaited<ReturnType<typeof listSubmissions>> = await listSubmissions(owner(), {
        taskId,
        offset,
      });
      for (const sub of page.items) idOf.set(sub.commitment, sub.id);
      offset = page.nextOffset;
    }
    entries.forEach((e, i) => (e.submissionId = idOf.get(commitments[i]!)!));
    entries.sort((x, y) => Number(x.submissionId - y.submissionId));
    await travelTo(market, task.commitDeadline);
    await sendBatch(
      market,
      entries.map((e) => ({
        from: e.solver,
        functionName: 'reveal',
        args: [taskId, e.submissionId, e.resultCid.bytes, e.salt],
      })),
    );
    return { taskId, task, entries };
  }

  it('costs the same gas to record scores and finalize as with 2 submissions', async () => {
    const small = await crowdedTask(2);
    const big = await crowdedTask(500);
    expect((await getTask(owner(), { taskId: big.taskId })).revealCount).toBe(500n);

    const scoreGas = async (taskId: bigint, entry: Entry, score: bigint) => {
      const signature = await verifierSignature(market, taskId, entry, score);
      const { hash } = await recordScore(market.client(RELAYER), {
        taskId,
        submissionId: entry.submissionId,
        score,
        signature,
      });
      return executionGas(hash);
    };
    // First score (becomes best), then a lower score of the last submission (not best).
    const smallFirst = await scoreGas(small.taskId, small.entries[0]!, 10n);
    const bigFirst = await scoreGas(big.taskId, big.entries[0]!, 10n);
    const smallLast = await scoreGas(small.taskId, small.entries[1]!, 5n);
    const bigLast = await scoreGas(big.taskId, big.entries[499]!, 5n);
    expect(bigFirst).toBe(smallFirst);
    expect(bigLast).toBe(smallLast);

    await travelTo(market, big.task.scoringDeadline);
    const smallFinal = await finalize(owner(), { taskId: small.taskId });
    // Both winners are SOLVERS[0]: empty its credit so both finalizations write a fresh slot.
    await withdraw(market.client(SOLVERS[0]));
    const bigFinal = await finalize(owner(), { taskId: big.taskId });
    expect(await executionGas(bigFinal.hash)).toBe(await executionGas(smallFinal.hash));
    expect(bigFinal.payee).toBe(addressOf(big.entries[0]!.solver));
  }, 120_000);
});
