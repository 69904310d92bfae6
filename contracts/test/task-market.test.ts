import { TypedDataEncoder, ZeroAddress, ZeroHash, getBytes, hexlify } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MarketInputError,
  cancel,
  commit,
  computeCommitment,
  createMarketClient,
  createTask,
  eventsNamed,
  finalize,
  fund,
  getCredit,
  getSubmission,
  getTask,
  getTaskCount,
  hashScore,
  listSubmissions,
  listTasks,
  recordScore,
  reveal,
  scanEvents,
  scoreDomain,
  taskPhase,
  waitForReceipt,
  withdraw,
} from '@tem/core/market';
import { expectRevert } from './expect-revert.js';
import {
  HOUR,
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

const owner = () => market.client(OWNER);
const solver = (i: number) => market.client(SOLVERS[i]!);
const addressOf = (index: number) => market.wallet(index).address;

async function createWith(overrides: Partial<Parameters<typeof createTask>[1]> = {}) {
  const now = await market.chain.now();
  return createTask(owner(), {
    specCid: await cidOf('spec'),
    bounty: ETHER,
    commitDeadline: now + HOUR,
    revealDeadline: now + 2n * HOUR,
    scoringDeadline: now + 3n * HOUR,
    verifier: addressOf(VERIFIER),
    ...overrides,
  });
}

describe('createTask', () => {
  it('escrows the bounty, stores the task and emits TaskCreated', async () => {
    const now = await market.chain.now();
    const specCid = await cidOf('spec');
    const balanceBefore = await market.chain.provider.getBalance(market.address);
    const result = await createTask(owner(), {
      specCid,
      bounty: 3n * ETHER,
      commitDeadline: now + 100n,
      revealDeadline: now + 200n,
      scoringDeadline: now + 300n,
      verifier: addressOf(VERIFIER),
      minScore: 42n,
    });
    expect(result.taskId).toBe(1n);
    expect(result.events.map((e) => e.eventName)).toEqual(['TaskCreated']);
    expect(eventsNamed(result.events, 'TaskCreated')[0]!.args).toEqual({
      taskId: 1n,
      owner: addressOf(OWNER),
      verifier: addressOf(VERIFIER),
      bounty: 3n * ETHER,
      commitDeadline: now + 100n,
      revealDeadline: now + 200n,
      scoringDeadline: now + 300n,
      minScore: 42n,
      specCid: hexlify(specCid.bytes),
    });
    expect(await market.chain.provider.getBalance(market.address)).toBe(balanceBefore + 3n * ETHER);
    expect(await getTaskCount(owner())).toBe(1n);
    expect(await getTask(owner(), { taskId: 1n })).toEqual({
      id: 1n,
      owner: addressOf(OWNER),
      verifier: addressOf(VERIFIER),
      state: 'open',
      bounty: 3n * ETHER,
      commitDeadline: now + 100n,
      revealDeadline: now + 200n,
      scoringDeadline: now + 300n,
      minScore: 42n,
      bestScore: 0n,
      bestSubmissionId: 0n,
      submissionCount: 0n,
      revealCount: 0n,
      scoredCount: 0n,
      testSeed: ZeroHash,
      specCid: specCid.toString(),
      specCidHex: hexlify(specCid.bytes),
    });
  });

  it('numbers tasks from 1 upwards', async () => {
    expect((await createWith()).taskId).toBe(1n);
    expect((await createWith()).taskId).toBe(2n);
    expect(await getTaskCount(owner())).toBe(2n);
  });

  it('reverts ZeroValue without a bounty', async () => {
    await expectRevert(createWith({ bounty: 0n }), 'ZeroValue');
  });

  it('reverts InvalidDeadlines unless now < commit < reveal < scoring', async () => {
    const now = await market.chain.now();
    await expectRevert(createWith({ commitDeadline: now }), 'InvalidDeadlines', {
      commitDeadline: now,
    });
    await expectRevert(createWith({ revealDeadline: now + HOUR }), 'InvalidDeadlines', {
      revealDeadline: now + HOUR,
    });
    await expectRevert(createWith({ scoringDeadline: now + 2n * HOUR }), 'InvalidDeadlines', {
      scoringDeadline: now + 2n * HOUR,
    });
  });

  it('reverts ZeroVerifier for the zero address', async () => {
    await expectRevert(createWith({ verifier: ZeroAddress }), 'ZeroVerifier');
  });

  it('reverts InvalidCidLength for an empty or over-long spec CID, accepts 128 bytes', async () => {
    await expectRevert(createWith({ specCid: new Uint8Array() }), 'InvalidCidLength', {
      length: 0n,
      max: 128n,
    });
    await expectRevert(createWith({ specCid: new Uint8Array(129) }), 'InvalidCidLength', {
      length: 129n,
    });
    const { taskId } = await createWith({ specCid: new Uint8Array(128).fill(7) });
    const task = await getTask(owner(), { taskId });
    expect(task.specCid).toBeNull();
    expect(getBytes(task.specCidHex)).toHaveLength(128);
  });

  it('reverts SafeCastOverflowedUintDowncast for a bounty beyond 128 bits', async () => {
    const huge = 2n ** 128n;
    await market.chain.setBalance(addressOf(OWNER), huge * 2n);
    await expectRevert(createWith({ bounty: huge }), 'SafeCastOverflowedUintDowncast', {
      bits: 128n,
      value: huge,
    });
  });

  it('rejects a verifier that is no address before sending anything', async () => {
    await expect(createWith({ verifier: 'nobody' })).rejects.toBeInstanceOf(MarketInputError);
  });
});

describe('fund', () => {
  it('adds to the bounty before the commit deadline and emits TaskFunded', async () => {
    const { taskId } = await createWith();
    const result = await fund(market.client(STRANGER), { taskId, amount: 2n * ETHER });
    expect(result.bounty).toBe(3n * ETHER);
    expect(eventsNamed(result.events, 'TaskFunded')[0]!.args).toEqual({
      taskId,
      funder: addressOf(STRANGER),
      amount: 2n * ETHER,
      bounty: 3n * ETHER,
    });
    expect((await getTask(owner(), { taskId })).bounty).toBe(3n * ETHER);
  });

  it('reverts ZeroValue, FundingClosed, TaskNotFound and TaskNotOpen', async () => {
    const { taskId, task } = await newTask(market);
    await expectRevert(fund(owner(), { taskId, amount: 0n }), 'ZeroValue');
    await expectRevert(fund(owner(), { taskId: 0n, amount: 1n }), 'TaskNotFound', { taskId: 0n });
    await expectRevert(fund(owner(), { taskId: 99n, amount: 1n }), 'TaskNotFound', { taskId: 99n });
    const other = await newTask(market);
    await cancel(owner(), { taskId: other.taskId });
    await expectRevert(fund(owner(), { taskId: other.taskId, amount: 1n }), 'TaskNotOpen', {
      taskId: other.taskId,
      state: 2n,
    });
    await travelTo(market, task.commitDeadline);
    await expectRevert(fund(owner(), { taskId, amount: 1n }), 'FundingClosed', {
      commitDeadline: task.commitDeadline,
    });
  });
});

describe('cancel', () => {
  it('refunds the owner while nobody has committed, even after the deadlines', async () => {
    const { taskId, task } = await newTask(market, { bounty: 5n * ETHER });
    await travelTo(market, task.scoringDeadline + 10n);
    const result = await cancel(owner(), { taskId });
    expect(result.events.map((e) => e.eventName)).toEqual(['TaskCancelled', 'Credited']);
    expect(eventsNamed(result.events, 'TaskCancelled')[0]!.args).toEqual({
      taskId,
      owner: addressOf(OWNER),
      refund: 5n * ETHER,
    });
    expect(eventsNamed(result.events, 'Credited')[0]!.args).toEqual({
      account: addressOf(OWNER),
      taskId,
      amount: 5n * ETHER,
    });
    expect((await getTask(owner(), { taskId })).state).toBe('cancelled');
    expect(await getCredit(owner(), { account: addressOf(OWNER) })).toBe(5n * ETHER);
  });

  it('reverts NotTaskOwner for anyone else', async () => {
    const { taskId } = await newTask(market);
    await expectRevert(cancel(market.client(STRANGER), { taskId }), 'NotTaskOwner', {
      taskId,
      caller: addressOf(STRANGER),
      owner: addressOf(OWNER),
    });
  });

  it('reverts TaskHasCommits once somebody committed (a griefing owner cannot take the bounty back)', async () => {
    const { taskId, task } = await newTask(market);
    await commitResult(market, taskId, SOLVERS[0], 'a');
    await expectRevert(cancel(owner(), { taskId }), 'TaskHasCommits', { submissionCount: 1n });
    await travelTo(market, task.scoringDeadline);
    await expectRevert(cancel(owner(), { taskId }), 'TaskHasCommits');
  });

  it('reverts TaskNotOpen when cancelled twice', async () => {
    const { taskId } = await newTask(market);
    await cancel(owner(), { taskId });
    await expectRevert(cancel(owner(), { taskId }), 'TaskNotOpen', { state: 2n });
  });
});

describe('commit', () => {
  it('numbers submissions in commit order and emits SolutionCommitted', async () => {
    const { taskId } = await newTask(market);
    const resultCid = await cidOf('a');
    const first = await commit(solver(0), { taskId, resultCid });
    const second = await commit(solver(1), { taskId, resultCid: await cidOf('b') });
    const third = await commit(solver(0), { taskId, resultCid: await cidOf('c') });
    expect([first.submissionId, second.submissionId, third.submissionId]).toEqual([1n, 2n, 3n]);
    expect(first.salt).toMatch(/^0x[0-9a-f]{64}$/);
    expect(first.salt).not.toBe(third.salt);
    expect(eventsNamed(first.events, 'SolutionCommitted')[0]!.args).toEqual({
      taskId,
      submissionId: 1n,
      solver: addressOf(SOLVERS[0]),
      commitment: first.commitment,
    });
    expect(first.commitment).toBe(
      computeCommitment({
        chainId: 366n,
        contract: market.address,
        taskId,
        solver: addressOf(SOLVERS[0]),
        resultCid,
        salt: first.salt,
      }),
    );
    expect(await getSubmission(owner(), { taskId, submissionId: 1n })).toEqual({
      taskId,
      id: 1n,
      solver: addressOf(SOLVERS[0]),
      commitment: first.commitment,
      revealed: false,
      scored: false,
      score: 0n,
      resultCid: null,
      resultCidHex: '0x',
    });
    expect((await getTask(owner(), { taskId })).submissionCount).toBe(3n);
  });

  it('reverts CommitWindowClosed from the commit deadline on', async () => {
    const { taskId, task } = await newTask(market);
    await market.chain.provider.send('evm_setNextBlockTimestamp', [
      Number(task.commitDeadline - 1n),
    ]);
    await commitResult(market, taskId, SOLVERS[0], 'just in time');
    await travelTo(market, task.commitDeadline);
    await expectRevert(commitResult(market, taskId, SOLVERS[1], 'late'), 'CommitWindowClosed', {
      taskId,
      commitDeadline: task.commitDeadline,
    });
  });

  it('reverts TaskNotFound and TaskNotOpen', async () => {
    await expectRevert(commitResult(market, 5n, SOLVERS[0], 'a'), 'TaskNotFound', { taskId: 5n });
    const { taskId } = await newTask(market);
    await cancel(owner(), { taskId });
    await expectRevert(commitResult(market, taskId, SOLVERS[0], 'a'), 'TaskNotOpen');
  });
});

describe('reveal', () => {
  it('checks the commitment, stores the CID, and the first reveal fixes the test seed', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    const b = await commitResult(market, taskId, SOLVERS[1], 'b');
    await travelTo(market, task.commitDeadline);
    const first = await reveal(solver(0), { taskId, ...a });
    expect(first.events.map((e) => e.eventName)).toEqual(['SolutionRevealed', 'TestSeedFixed']);
    expect(eventsNamed(first.events, 'SolutionRevealed')[0]!.args).toEqual({
      taskId,
      submissionId: a.submissionId,
      solver: addressOf(SOLVERS[0]),
      resultCid: hexlify(a.resultCid.bytes),
    });
    expect(first.testSeed).toMatch(/^0x[0-9a-f]{64}$/);
    expect(first.testSeed).not.toBe(ZeroHash);
    const second = await reveal(solver(1), { taskId, ...b });
    expect(second.events.map((e) => e.eventName)).toEqual(['SolutionRevealed']);
    expect(second.testSeed).toBeUndefined();
    const after = await getTask(owner(), { taskId });
    expect(after.testSeed).toBe(first.testSeed);
    expect(after.revealCount).toBe(2n);
    const stored = await getSubmission(owner(), { taskId, submissionId: a.submissionId });
    expect(stored.revealed).toBe(true);
    expect(stored.resultCid).toBe(a.resultCid.toString());
  });

  it('derives the test seed from the previous block hash, not prevrandao', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.commitDeadline);
    const { testSeed, receipt } = await reveal(solver(0), { taskId, ...a });
    const parent = await market.chain.provider.getBlock(receipt.blockNumber - 1);
    const { AbiCoder, keccak256 } = await import('ethers');
    const expected = keccak256(
      AbiCoder.defaultAbiCoder().encode(
        ['bytes32', 'uint256', 'address', 'uint256'],
        [parent!.hash, 366n, market.address, taskId],
      ),
    );
    expect(testSeed).toBe(expected);
  });

  it('reverts RevealWindowNotOpen before the commit deadline', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await expectRevert(reveal(solver(0), { taskId, ...a }), 'RevealWindowNotOpen', {
      commitDeadline: task.commitDeadline,
    });
  });

  it('reverts RevealWindowClosed from the reveal deadline on', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.revealDeadline);
    await expectRevert(reveal(solver(0), { taskId, ...a }), 'RevealWindowClosed', {
      revealDeadline: task.revealDeadline,
    });
  });

  it('reverts CommitmentMismatch for another CID or another salt', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.commitDeadline);
    const stored = await getSubmission(owner(), { taskId, submissionId: a.submissionId });
    await expectRevert(
      reveal(solver(0), { taskId, ...a, resultCid: await cidOf('other') }),
      'CommitmentMismatch',
      { submissionId: a.submissionId, committed: stored.commitment },
    );
    await expectRevert(reveal(solver(0), { taskId, ...a, salt: ZeroHash }), 'CommitmentMismatch');
  });

  it('lets anyone holding the preimage reveal; the submission stays the solver’s', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.commitDeadline);
    const result = await reveal(market.client(RELAYER), { taskId, ...a });
    expect(eventsNamed(result.events, 'SolutionRevealed')[0]!.args.solver).toBe(
      addressOf(SOLVERS[0]),
    );
  });

  it('reverts AlreadyRevealed, SubmissionNotFound and InvalidCidLength', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.commitDeadline);
    await expectRevert(
      reveal(solver(0), { taskId, ...a, resultCid: new Uint8Array() }),
      'InvalidCidLength',
    );
    await revealEntry(market, taskId, a);
    await expectRevert(reveal(solver(0), { taskId, ...a }), 'AlreadyRevealed', {
      submissionId: a.submissionId,
    });
    await expectRevert(
      reveal(solver(0), { taskId, ...a, submissionId: 0n }),
      'SubmissionNotFound',
      {
        submissionId: 0n,
      },
    );
    await expectRevert(
      reveal(solver(0), { taskId, ...a, submissionId: 2n }),
      'SubmissionNotFound',
      {
        submissionId: 2n,
      },
    );
  });
});

describe('recordScore', () => {
  async function revealedTask(count = 3) {
    const { taskId, task } = await newTask(market, { minScore: 10n });
    const entries = [];
    for (let i = 0; i < count; i++)
      entries.push(await commitResult(market, taskId, SOLVERS[i]!, `r${i}`));
    await travelTo(market, task.commitDeadline);
    for (const entry of entries) await revealEntry(market, taskId, entry);
    return { taskId, task, entries };
  }
  async function record(taskId: bigint, entry: Entry, score: bigint) {
    const signature = await verifierSignature(market, taskId, entry, score);
    return recordScore(market.client(RELAYER), {
      taskId,
      submissionId: entry.submissionId,
      score,
      signature,
    });
  }

  it('records a relayed verifier score, keeps the best and emits ScoreRecorded', async () => {
    const { taskId, entries } = await revealedTask();
    const first = await record(taskId, entries[1]!, 50n);
    expect(first.best).toBe(true);
    expect(eventsNamed(first.events, 'ScoreRecorded')[0]!.args).toEqual({
      taskId,
      submissionId: 2n,
      solver: addressOf(SOLVERS[1]),
      score: 50n,
      best: true,
    });
    expect((await record(taskId, entries[2]!, 40n)).best).toBe(false);
    expect((await record(taskId, entries[0]!, 60n)).best).toBe(true);
    const task = await getTask(owner(), { taskId });
    expect([task.bestSubmissionId, task.bestScore, task.scoredCount]).toEqual([1n, 60n, 3n]);
    const sub = await getSubmission(owner(), { taskId, submissionId: 3n });
    expect([sub.scored, sub.score]).toEqual([true, 40n]);
  });

  it('breaks ties in favour of the earlier commit, in whatever order scores arrive', async () => {
    const { taskId, entries } = await revealedTask();
    expect((await record(taskId, entries[1]!, 70n)).best).toBe(true);
    expect((await record(taskId, entries[2]!, 70n)).best).toBe(false);
    expect((await record(taskId, entries[0]!, 70n)).best).toBe(true);
    expect((await getTask(owner(), { taskId })).bestSubmissionId).toBe(1n);
  });

  it('verifies on chain a score signed by core (hashScore equals scoreDigest)', async () => {
    const { taskId, entries } = await revealedTask(1);
    const task = await getTask(owner(), { taskId });
    const params = {
      chainId: 366n,
      contract: market.address,
      taskId,
      submissionId: 1n,
      resultCid: entries[0]!.resultCid,
      score: 77n,
      testSeed: task.testSeed,
    };
    const { keccak256 } = await import('ethers');
    const onChain = (await owner()
      .contract.getFunction('scoreDigest')
      .staticCall(
        taskId,
        1n,
        keccak256(entries[0]!.resultCid.bytes),
        77n,
        task.testSeed,
      )) as string;
    expect(hashScore(params)).toBe(onChain);
    expect(await owner().contract.getFunction('domainSeparator').staticCall()).toBe(
      TypedDataEncoder.hashDomain(scoreDomain(params)),
    );
    const domain = await owner().contract.getFunction('eip712Domain').staticCall();
    expect([domain[1], domain[2], domain[3], domain[4]]).toEqual([
      'TaskMarket',
      '1',
      366n,
      market.address,
    ]);
    await record(taskId, entries[0]!, 77n);
    expect((await getTask(owner(), { taskId })).bestScore).toBe(77n);
  });

  it('reverts InvalidScoreSignature for another signer or a malformed signature', async () => {
    const { taskId, entries } = await revealedTask(1);
    const e = entries[0]!;
    const byStranger = await verifierSignature(market, taskId, e, 99n, { signer: STRANGER });
    await expectRevert(
      recordScore(owner(), { taskId, submissionId: 1n, score: 99n, signature: byStranger }),
      'InvalidScoreSignature',
      { signer: addressOf(STRANGER), verifier: addressOf(VERIFIER) },
    );
    await expectRevert(
      recordScore(owner(), { taskId, submissionId: 1n, score: 99n, signature: '0x1234' }),
      'InvalidScoreSignature',
      { signer: ZeroAddress },
    );
    // A valid signature for another score.
    const for50 = await verifierSignature(market, taskId, e, 50n);
    await expectRevert(
      recordScore(owner(), { taskId, submissionId: 1n, score: 51n, signature: for50 }),
      'InvalidScoreSignature',
    );
  });

  it('reverts NotRevealed, ScoreAlreadyRecorded, SubmissionNotFound and ScoringClosed', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    const b = await commitResult(market, taskId, SOLVERS[1], 'b');
    await travelTo(market, task.commitDeadline);
    await revealEntry(market, taskId, a);
    const sigB = await verifierSignature(market, taskId, b, 5n);
    await expectRevert(
      recordScore(owner(), { taskId, submissionId: 2n, score: 5n, signature: sigB }),
      'NotRevealed',
      { submissionId: 2n },
    );
    await expectRevert(
      recordScore(owner(), { taskId, submissionId: 3n, score: 5n, signature: sigB }),
      'SubmissionNotFound',
    );
    const sigA = await verifierSignature(market, taskId, a, 5n);
    await recordScore(owner(), { taskId, submissionId: 1n, score: 5n, signature: sigA });
    await expectRevert(
      recordScore(owner(), { taskId, submissionId: 1n, score: 5n, signature: sigA }),
      'ScoreAlreadyRecorded',
      { score: 5n },
    );
    await revealEntry(market, taskId, b);
    await travelTo(market, task.scoringDeadline);
    await expectRevert(
      recordScore(owner(), { taskId, submissionId: 2n, score: 5n, signature: sigB }),
      'ScoringClosed',
      { scoringDeadline: task.scoringDeadline },
    );
  });

  it('accepts scores during the reveal window and after it, until the scoring deadline', async () => {
    const { taskId, task, entries } = await revealedTask(1);
    expect(taskPhase(task, await market.chain.now())).toBe('reveal');
    await record(taskId, entries[0]!, 1n);
    const b = await newTask(market);
    const eb = await commitResult(market, b.taskId, SOLVERS[1], 'x');
    await travelTo(market, b.task.commitDeadline);
    await revealEntry(market, b.taskId, eb);
    await market.chain.provider.send('evm_setNextBlockTimestamp', [
      Number(b.task.scoringDeadline - 1n),
    ]);
    const { receipt } = await record(b.taskId, eb, 3n);
    const block = await market.chain.provider.getBlock(receipt.blockNumber);
    expect(BigInt(block!.timestamp)).toBe(b.task.scoringDeadline - 1n);
  });
});

describe('finalize', () => {
  it('credits the best solver at or above minScore and emits TaskFinalized and Credited', async () => {
    const { taskId, task } = await newTask(market, { minScore: 10n, bounty: 2n * ETHER });
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.commitDeadline);
    await revealEntry(market, taskId, a);
    const signature = await verifierSignature(market, taskId, a, 10n);
    await recordScore(owner(), { taskId, submissionId: 1n, score: 10n, signature });
    await expectRevert(finalize(owner(), { taskId }), 'ScoringNotOver', {
      scoringDeadline: task.scoringDeadline,
    });
    await travelTo(market, task.scoringDeadline);
    const result = await finalize(market.client(STRANGER), { taskId });
    expect(result.events.map((e) => e.eventName)).toEqual(['TaskFinalized', 'Credited']);
    expect(eventsNamed(result.events, 'TaskFinalized')[0]!.args).toEqual({
      taskId,
      winningSubmissionId: 1n,
      payee: addressOf(SOLVERS[0]),
      amount: 2n * ETHER,
    });
    expect(await getCredit(owner(), { account: addressOf(SOLVERS[0]) })).toBe(2n * ETHER);
    expect((await getTask(owner(), { taskId })).state).toBe('finalized');
    await expectRevert(finalize(owner(), { taskId }), 'TaskNotOpen', { state: 1n });
  });

  it('refunds the owner when the best score is below minScore', async () => {
    const { taskId, task } = await newTask(market, { minScore: 10n });
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.commitDeadline);
    await revealEntry(market, taskId, a);
    const signature = await verifierSignature(market, taskId, a, 9n);
    await recordScore(owner(), { taskId, submissionId: 1n, score: 9n, signature });
    await travelTo(market, task.scoringDeadline);
    const result = await finalize(owner(), { taskId });
    expect([result.winningSubmissionId, result.payee]).toEqual([0n, addressOf(OWNER)]);
  });

  it('refunds the owner when nobody revealed, or nobody was scored', async () => {
    const one = await newTask(market);
    await commitResult(market, one.taskId, SOLVERS[0], 'a');
    const two = await newTask(market);
    const b = await commitResult(market, two.taskId, SOLVERS[1], 'b');
    await travelTo(market, two.task.commitDeadline);
    await revealEntry(market, two.taskId, b);
    await travelTo(market, two.task.scoringDeadline);
    expect((await finalize(owner(), { taskId: one.taskId })).payee).toBe(addressOf(OWNER));
    expect((await finalize(owner(), { taskId: two.taskId })).payee).toBe(addressOf(OWNER));
    expect(await getCredit(owner(), { account: addressOf(OWNER) })).toBe(2n * ETHER);
  });

  it('reverts TaskNotFound and TaskNotOpen for a cancelled task', async () => {
    await expectRevert(finalize(owner(), { taskId: 1n }), 'TaskNotFound');
    const { taskId } = await newTask(market);
    await cancel(owner(), { taskId });
    await expectRevert(finalize(owner(), { taskId }), 'TaskNotOpen', { state: 2n });
  });
});

describe('withdraw', () => {
  it('sends all credit from several tasks, emits Withdrawn and zeroes the credit', async () => {
    const one = await newTask(market, { bounty: ETHER });
    const two = await newTask(market, { bounty: 2n * ETHER });
    await cancel(owner(), { taskId: one.taskId });
    await cancel(owner(), { taskId: two.taskId });
    const before = await market.chain.provider.getBalance(addressOf(OWNER));
    const result = await withdraw(owner());
    expect(result.amount).toBe(3n * ETHER);
    expect(eventsNamed(result.events, 'Withdrawn')[0]!.args).toEqual({
      account: addressOf(OWNER),
      amount: 3n * ETHER,
    });
    const gas = result.receipt.gasUsed * result.receipt.gasPrice;
    expect(await market.chain.provider.getBalance(addressOf(OWNER))).toBe(
      before + 3n * ETHER - gas,
    );
    expect(await getCredit(owner(), { account: addressOf(OWNER) })).toBe(0n);
    expect(await market.chain.provider.getBalance(market.address)).toBe(0n);
  });

  it('reverts NothingToWithdraw without credit', async () => {
    await expectRevert(withdraw(market.client(STRANGER)), 'NothingToWithdraw', {
      account: addressOf(STRANGER),
    });
  });
});

/** Sends `count` commits from one solver without waiting for each (fast set-up of big tasks). */
async function commitMany(taskId: bigint, count: number): Promise<void> {
  const wallet = market.wallet(SOLVERS[4]);
  const contract = market.client(SOLVERS[4]).contract;
  const nonce = await wallet.getNonce();
  const sent = [];
  for (let i = 0; i < count; i++) {
    const commitment = `0x${(i + 1).toString(16).padStart(64, '0')}`;
    sent.push(
      contract
        .getFunction('commit')
        .send(taskId, commitment, { nonce: nonce + i, gasLimit: 200_000n }),
    );
  }
  const txs = await Promise.all(sent);
  const receipts = await Promise.all(
    txs.map((tx) => waitForReceipt(market.chain.provider, tx.hash)),
  );
  expect(receipts.map((r) => r?.status ?? -1).join('')).toBe('1'.repeat(count));
}

describe('views', () => {
  it('pages tasks and submissions, clamping pages at 100', async () => {
    for (let i = 0; i < 3; i++) await newTask(market);
    const page = await listTasks(owner(), { offset: 1n, limit: 1 });
    expect(page.items.map((t) => t.id)).toEqual([2n]);
    expect([page.total, page.nextOffset]).toEqual([3n, 2n]);
    const last = await listTasks(owner(), { offset: 2n, limit: 5 });
    expect(last.items.map((t) => t.id)).toEqual([3n]);
    expect(last.nextOffset).toBeUndefined();
    expect((await listTasks(owner(), { offset: 10n })).items).toEqual([]);
    await expect(listTasks(owner(), { limit: 101 })).rejects.toBeInstanceOf(MarketInputError);

    const taskId = 1n;
    await commitMany(taskId, 105);
    const raw = (await owner()
      .contract.getFunction('getSubmissions')
      .staticCall(taskId, 0n, 1000n)) as unknown[];
    expect(raw).toHaveLength(100);
    const subs = await listSubmissions(owner(), { taskId, offset: 100n, limit: 10 });
    expect(subs.items.map((s) => s.id)).toEqual([101n, 102n, 103n, 104n, 105n]);
    expect(subs.total).toBe(105n);
    expect(subs.nextOffset).toBeUndefined();
    const rawTasks = (await owner()
      .contract.getFunction('getTasks')
      .staticCall(0n, 0n)) as unknown[];
    expect(rawTasks).toHaveLength(0);
  });

  it('reverts TaskNotFound and SubmissionNotFound in the single-item views', async () => {
    await expectRevert(getTask(owner(), { taskId: 0n }), 'TaskNotFound');
    await expectRevert(listSubmissions(owner(), { taskId: 4n }), 'TaskNotFound');
    const { taskId } = await newTask(market);
    await expectRevert(getSubmission(owner(), { taskId, submissionId: 1n }), 'SubmissionNotFound');
  });

  it('computes the same commitment on chain as core', async () => {
    const resultCid = await cidOf('x');
    const salt = `0x${'ab'.repeat(32)}`;
    const onChain = await owner()
      .contract.getFunction('computeCommitment')
      .staticCall(7n, addressOf(SOLVERS[2]), resultCid.bytes, salt);
    expect(
      computeCommitment({
        chainId: 366,
        contract: market.address,
        taskId: 7,
        solver: addressOf(SOLVERS[2]),
        resultCid: resultCid.toString(),
        salt,
      }),
    ).toBe(onChain);
  });
});

describe('client', () => {
  it('scans events in windows, filtered by name and task, equal to one big query', async () => {
    const one = await newTask(market);
    const two = await newTask(market);
    await fund(owner(), { taskId: two.taskId, amount: 1n });
    const entry = await commitResult(market, one.taskId, SOLVERS[0], 'a');
    await cancel(owner(), { taskId: two.taskId });
    await market.chain.mine(7);
    const windows: number[][] = [];
    const all = await scanEvents(owner(), {
      fromBlock: market.deployBlock,
      windowSize: 2,
      onWindow: (w) => windows.push([w.fromBlock, w.toBlock]),
    });
    expect(all.events.map((e) => e.eventName)).toEqual([
      'TaskCreated',
      'TaskCreated',
      'TaskFunded',
      'SolutionCommitted',
      'TaskCancelled',
      'Credited',
    ]);
    expect(windows.every(([from, to]) => to! - from! <= 1)).toBe(true);
    expect(all.toBlock).toBe(await market.chain.provider.getBlockNumber());
    const big = await scanEvents(owner(), { fromBlock: market.deployBlock, toBlock: all.toBlock });
    expect(big.events).toEqual(all.events);
    const forTwo = await scanEvents(owner(), { fromBlock: 0, taskId: two.taskId, windowSize: 3 });
    expect(forTwo.events.map((e) => e.eventName)).toEqual([
      'TaskCreated',
      'TaskFunded',
      'TaskCancelled',
      'Credited',
    ]);
    const created = await scanEvents(owner(), {
      fromBlock: 0,
      eventNames: ['SolutionCommitted'],
      taskId: one.taskId,
    });
    expect(created.events).toHaveLength(1);
    const committed = created.events[0]!;
    expect(committed.eventName === 'SolutionCommitted' && committed.args.submissionId).toBe(
      entry.submissionId,
    );
    await expect(scanEvents(owner(), { fromBlock: 0, windowSize: 5001 })).rejects.toBeInstanceOf(
      MarketInputError,
    );
  });

  it('derives the same phase as the contract enforces at every boundary', async () => {
    const { taskId, task } = await newTask(market);
    const phaseNow = async () =>
      taskPhase(await getTask(owner(), { taskId }), await market.chain.now());
    expect(await phaseNow()).toBe('commit');
    await travelTo(market, task.commitDeadline);
    expect(await phaseNow()).toBe('reveal');
    await travelTo(market, task.revealDeadline);
    expect(await phaseNow()).toBe('scoring');
    await travelTo(market, task.scoringDeadline);
    expect(await phaseNow()).toBe('finalizable');
    await finalize(owner(), { taskId });
    expect(await phaseNow()).toBe('finalized');
    const other = await newTask(market);
    await cancel(owner(), { taskId: other.taskId });
    expect(taskPhase(await getTask(owner(), { taskId: other.taskId }), 0)).toBe('cancelled');
  });

  it('refuses to send without a signer', async () => {
    const readOnly = createMarketClient({
      address: market.address,
      provider: market.chain.provider,
    });
    await expect(withdraw(readOnly)).rejects.toBeInstanceOf(MarketInputError);
    await expect(
      commit(readOnly, { taskId: 1n, resultCid: await cidOf('a') }),
    ).rejects.toBeInstanceOf(MarketInputError);
    expect(await getTaskCount(readOnly)).toBe(0n);
  });

  it('sends legacy transactions at the chain minimum gas price when the chain has one', async () => {
    const gwei = 10n ** 9n;
    const theta = createMarketClient({
      address: market.address,
      signer: market.wallet(OWNER),
      chain: {
        id: 366,
        key: 'x',
        name: 'x',
        nativeCurrency: { name: 'T', symbol: 'T', decimals: 18 },
        rpcUrls: [],
        maxLogBlockRange: 5000,
        blockTimeSeconds: 1,
        minGasPrice: 4000n * gwei,
      },
    });
    const now = await market.chain.now();
    const { hash } = await createTask(theta, {
      specCid: await cidOf('spec'),
      bounty: 1n,
      commitDeadline: now + 10n,
      revealDeadline: now + 20n,
      scoringDeadline: now + 30n,
      verifier: addressOf(VERIFIER),
    });
    const tx = await market.chain.provider.getTransaction(hash);
    expect(tx?.type).toBe(0);
    expect(tx?.gasPrice).toBe(4000n * gwei);
  });

  it('gives reverts a short message naming the error and its values', async () => {
    const err = await expectRevert(getTask(owner(), { taskId: 12n }), 'TaskNotFound');
    expect(err.shortMessage).toBe('TaskMarket reverted: TaskNotFound(taskId=12)');
    expect(err.name).toBe('TaskMarketContractError');
    expect(err.is('TaskNotFound')).toBe(true);
  });
});
