import {
  AbiCoder,
  TypedDataEncoder,
  ZeroAddress,
  ZeroHash,
  getBytes,
  hexlify,
  keccak256,
} from 'ethers';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  MarketInputError,
  type MarketTask,
  cancel,
  commit,
  computeCommitment,
  createTask,
  eventsNamed,
  finalize,
  fixTestSeed,
  foldRevealsDigest,
  fund,
  getCredit,
  getSubmission,
  getSubmissionState,
  getTask,
  getTaskCount,
  getTaskView,
  hashScore,
  hashTestSeed,
  hashVerifierSet,
  listSubmissions,
  listTasks,
  recordScore,
  reveal,
  scoreDomain,
  sendMarketTx,
  signTestSeed,
  testSeedFromSignature,
  withdraw,
  withdrawTo,
} from '@tem/core/market';
import { expectRevert } from './test-support/expect-revert.js';
import {
  HOUR,
  MIN_WINDOW,
  type Market,
  OWNER,
  RELAYER,
  SOLVERS,
  STRANGER,
  VERIFIER,
  VERIFIERS,
  cidOf,
  commitResult,
  fixSeed,
  newTask,
  recordEntryScore,
  revealEntry,
  scoreSignatures,
  sendBatch,
  sortedVerifiers,
  rawTaskParams,
  useMarket,
  travelTo,
} from './test-support/fixture.js';

const ETHER = 10n ** 18n;
const BOND = 10n ** 16n;
const use = useMarket();
let market: Market;
beforeEach(() => {
  market = use();
});

const owner = () => market.client(OWNER);
const solver = (i: number) => market.client(SOLVERS[i]!);
const addressOf = (index: number) => market.wallet(index).address;
const balanceOf = (address: string) => market.chain.provider.getBalance(address);

/** Sends createTask as given, bypassing the client's checks (the contract's own checks are tested). */
async function rawCreate(overrides: Record<string, unknown> = {}, bounty = ETHER, from = OWNER) {
  return sendMarketTx(market.client(from), 'createTask', [await rawTaskParams(market, overrides)], {
    value: bounty,
  });
}

describe('createTask', () => {
  it('escrows the bounty, stores the task and emits TaskCreated with the spec CID and verifiers', async () => {
    const now = await market.chain.now();
    const specCid = await cidOf('spec');
    const verifiers = sortedVerifiers(market, [VERIFIERS[0], VERIFIERS[1], VERIFIERS[2]]);
    const balanceBefore = await balanceOf(market.address);
    const result = await createTask(owner(), {
      specCid,
      bounty: 3n * ETHER,
      commitBond: BOND,
      commitDeadline: now + 100n,
      revealDeadline: now + 200n,
      scoringDeadline: now + 500n,
      verifiers: [...verifiers].reverse(),
      threshold: 2,
      seedWindow: 50n,
      minScore: 42n,
    });
    expect(result.taskId).toBe(1n);
    expect(result.events.map((e) => e.eventName)).toEqual(['TaskCreated']);
    expect(eventsNamed(result.events, 'TaskCreated')[0]!.args).toEqual({
      taskId: 1n,
      owner: addressOf(OWNER),
      bounty: 3n * ETHER,
      commitDeadline: now + 100n,
      revealDeadline: now + 200n,
      scoringDeadline: now + 500n,
      seedWindow: 50n,
      minScore: 42n,
      commitBond: BOND,
      threshold: 2n,
      verifiers,
      specCid: hexlify(specCid.bytes),
    });
    expect(await balanceOf(market.address)).toBe(balanceBefore + 3n * ETHER);
    expect(await getTaskCount(owner())).toBe(1n);
    const expected: MarketTask = {
      id: 1n,
      owner: addressOf(OWNER),
      state: 'open',
      bounty: 3n * ETHER,
      commitBond: BOND,
      commitDeadline: now + 100n,
      revealDeadline: now + 200n,
      seedWindow: 50n,
      scoringDeadline: now + 500n,
      minScore: 42n,
      threshold: 2,
      verifierCount: 3,
      verifierSetHash: hashVerifierSet(verifiers),
      createdBlock: result.receipt.blockNumber,
      submissionCount: 0n,
      revealCount: 0n,
      bestSolver: ZeroAddress,
      bestSubmissionId: 0n,
      bestScore: 0n,
      revealsDigest: ZeroHash,
      testSeed: ZeroHash,
      seedCommitted: 0,
      seedRevealed: 0,
      verifiers,
      verifier: verifiers[0]!,
      specCid: specCid.toString(),
      specCidHex: hexlify(specCid.bytes),
      seedCommitDeadline: now + 250n,
      seedRevealDeadline: now + 300n,
    };
    expect(await getTask(owner(), { taskId: 1n })).toEqual(expected);
  });

  it('numbers tasks from 1 upwards', async () => {
    expect((await newTask(market)).taskId).toBe(1n);
    expect((await newTask(market)).taskId).toBe(2n);
    expect(await getTaskCount(owner())).toBe(2n);
  });

  it('reverts ZeroValue without a bounty', async () => {
    await expectRevert(rawCreate({}, 0n), 'ZeroValue');
  });

  it('reverts WindowTooShort for each window shorter than the minimum or out of order', async () => {
    const now = await market.chain.now();
    await expectRevert(rawCreate({ commitDeadline: now + MIN_WINDOW - 2n }), 'WindowTooShort', {
      window: 0n,
      minimum: MIN_WINDOW,
    });
    await expectRevert(rawCreate({ commitDeadline: now }), 'WindowTooShort', {
      window: 0n,
      length: 0n,
    });
    await expectRevert(rawCreate({ revealDeadline: now + HOUR + 4n }), 'WindowTooShort', {
      window: 1n,
      length: 4n,
    });
    await expectRevert(rawCreate({ revealDeadline: now + HOUR - 1n }), 'WindowTooShort', {
      window: 1n,
      length: 0n,
    });
    await expectRevert(rawCreate({ scoringDeadline: now + 2n * HOUR + 4n }), 'WindowTooShort', {
      window: 2n,
      length: 4n,
    });
    // With a seed window, scoring starts after both halves of it.
    const three = sortedVerifiers(market, [VERIFIERS[0], VERIFIERS[1], VERIFIERS[2]]);
    await expectRevert(
      rawCreate({
        verifiers: three,
        threshold: 2,
        seedWindow: 100n,
        scoringDeadline: now + 2n * HOUR + 200n + MIN_WINDOW - 1n,
      }),
      'WindowTooShort',
      { window: 2n, length: MIN_WINDOW - 1n },
    );
    const ok = await rawCreate({
      verifiers: three,
      threshold: 2,
      seedWindow: 100n,
      scoringDeadline: now + 2n * HOUR + 200n + MIN_WINDOW,
    });
    expect(eventsNamed(ok.events, 'TaskCreated')).toHaveLength(1);
  });

  it('reverts DeadlineTooFar for a scoring deadline more than a year ahead', async () => {
    const now = await market.chain.now();
    const year = 365n * 24n * HOUR;
    await expectRevert(rawCreate({ scoringDeadline: now + 2n + year }), 'DeadlineTooFar', {
      scoringDeadline: now + 2n + year,
    });
    await expectRevert(rawCreate({ scoringDeadline: 2n ** 64n - 1n }), 'DeadlineTooFar');
    const t = await market.chain.now();
    await market.chain.provider.send('evm_setNextBlockTimestamp', [Number(t + 1n)]);
    await rawCreate({ scoringDeadline: t + 1n + year });
  });

  it('reverts InvalidSeedWindow: 0 for one verifier, at least the minimum for more', async () => {
    await expectRevert(rawCreate({ seedWindow: 10n }), 'InvalidSeedWindow', {
      seedWindow: 10n,
      verifierCount: 1n,
    });
    await expectRevert(
      rawCreate({
        verifiers: sortedVerifiers(market, [VERIFIERS[0], VERIFIERS[1]]),
        seedWindow: MIN_WINDOW - 1n,
      }),
      'InvalidSeedWindow',
      { verifierCount: 2n, minimum: MIN_WINDOW },
    );
  });

  it('reverts ScoreTooHigh for a minScore above MAX_SCORE, accepts MAX_SCORE', async () => {
    const max = (await owner().contract.getFunction('MAX_SCORE').staticCall()) as bigint;
    expect(max).toBe(3_000_000n);
    await expectRevert(rawCreate({ minScore: max + 1n }), 'ScoreTooHigh', {
      score: max + 1n,
      max,
    });
    await expectRevert(rawCreate({ minScore: 2n ** 64n - 1n }), 'ScoreTooHigh');
    await rawCreate({ minScore: max });
  });

  it('checks the verifier set: 1 to 7, non-zero, ascending, without the owner', async () => {
    await expectRevert(rawCreate({ verifiers: [] }), 'InvalidVerifierCount', { count: 0n });
    const eight = [...VERIFIERS, STRANGER]
      .map((i) => addressOf(i))
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await expectRevert(
      rawCreate({ verifiers: eight, threshold: 1, seedWindow: HOUR, scoringDeadline: 0n }),
      'InvalidVerifierCount',
      { count: 8n },
    );
    await expectRevert(rawCreate({ verifiers: [ZeroAddress] }), 'InvalidVerifierSet', {
      index: 0n,
    });
    const two = sortedVerifiers(market, [VERIFIERS[0], VERIFIERS[1]]);
    await expectRevert(
      rawCreate({ verifiers: [two[1], two[0]], seedWindow: HOUR, scoringDeadline: 0n }),
      'InvalidVerifierSet',
      { index: 1n },
    );
    await expectRevert(
      rawCreate({ verifiers: [two[0], two[0]], seedWindow: HOUR }),
      'InvalidVerifierSet',
      { index: 1n },
    );
    await expectRevert(rawCreate({ verifiers: [addressOf(OWNER)] }), 'OwnerIsVerifier', {
      owner: addressOf(OWNER),
    });
    await expect(
      createTask(owner(), {
        specCid: await cidOf('s'),
        bounty: 1n,
        commitDeadline: 1n,
        revealDeadline: 2n,
        scoringDeadline: 3n,
        verifiers: [two[0]!, two[0]!],
        threshold: 1,
      }),
    ).rejects.toBeInstanceOf(MarketInputError);
  });

  it('reverts InvalidThreshold unless 1 <= m <= n', async () => {
    await expectRevert(rawCreate({ threshold: 0 }), 'InvalidThreshold', {
      threshold: 0n,
      verifierCount: 1n,
    });
    await expectRevert(rawCreate({ threshold: 2 }), 'InvalidThreshold', { threshold: 2n });
  });

  it('reverts InvalidCidLength for an empty or over-long spec CID, accepts 128 bytes', async () => {
    await expectRevert(rawCreate({ specCid: new Uint8Array() }), 'InvalidCidLength', {
      length: 0n,
      max: 128n,
    });
    await expectRevert(rawCreate({ specCid: new Uint8Array(129) }), 'InvalidCidLength', {
      length: 129n,
    });
    const { events } = await rawCreate({ specCid: new Uint8Array(128).fill(7) });
    const taskId = eventsNamed(events, 'TaskCreated')[0]!.args.taskId;
    const task = await getTask(owner(), { taskId });
    expect(task.specCid).toBeNull();
    expect(getBytes(task.specCidHex)).toHaveLength(128);
  });

  it('reverts SafeCastOverflowedUintDowncast for a bounty beyond 128 bits', async () => {
    const huge = 2n ** 128n;
    await market.chain.setBalance(addressOf(OWNER), huge * 2n);
    await expectRevert(rawCreate({}, huge), 'SafeCastOverflowedUintDowncast', {
      bits: 128n,
      value: huge,
    });
  });

  it('rejects a verifier that is no address, and a quorum without threshold, before sending', async () => {
    const params = {
      specCid: await cidOf('s'),
      bounty: 1n,
      commitDeadline: 1n,
      revealDeadline: 2n,
      scoringDeadline: 3n,
    };
    await expect(createTask(owner(), { ...params, verifier: 'nobody' })).rejects.toBeInstanceOf(
      MarketInputError,
    );
    await expect(
      createTask(owner(), {
        ...params,
        verifiers: sortedVerifiers(market, [VERIFIERS[0], VERIFIERS[1]]),
      }),
    ).rejects.toThrow(/needs a threshold/);
  });
});

describe('fund', () => {
  it('adds to the bounty before the commit deadline and emits TaskFunded', async () => {
    const { taskId } = await newTask(market);
    const result = await fund(market.client(STRANGER), { taskId, amount: 2n * ETHER });
    expect(result.bounty).toBe(3n * ETHER);
    expect(eventsNamed(result.events, 'TaskFunded')[0]!.args).toEqual({
      taskId,
      funder: addressOf(STRANGER),
      amount: 2n * ETHER,
      bounty: 3n * ETHER,
    });
    expect((await getTaskView(owner(), { taskId })).bounty).toBe(3n * ETHER);
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
    expect((await getTaskView(owner(), { taskId })).state).toBe('cancelled');
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

  it('reverts TaskHasCommits once somebody committed, in every later phase', async () => {
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
  it('numbers submissions in commit order, holds the bond and emits SolutionCommitted', async () => {
    const { taskId } = await newTask(market, { commitBond: BOND });
    const resultCid = await cidOf('a');
    const before = await balanceOf(market.address);
    const first = await commit(solver(0), { taskId, resultCid });
    const second = await commit(solver(1), { taskId, resultCid: await cidOf('b') });
    const third = await commit(solver(0), { taskId, resultCid: await cidOf('c') });
    expect([first.submissionId, second.submissionId, third.submissionId]).toEqual([1n, 2n, 3n]);
    expect(await balanceOf(market.address)).toBe(before + 3n * BOND);
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
      scores: [],
      resultCid: null,
      resultCidHex: '0x',
      resultCidHash: null,
      committedBlock: first.receipt.blockNumber,
      revealedBlock: undefined,
    });
    expect(await getSubmissionState(owner(), { taskId, submissionId: 1n })).toBe('committed');
    expect(await getSubmissionState(owner(), { taskId, submissionId: 4n })).toBe('none');
    expect((await getTaskView(owner(), { taskId })).submissionCount).toBe(3n);
  });

  it('reverts WrongBond unless exactly the commit bond is paid', async () => {
    const { taskId } = await newTask(market, { commitBond: BOND });
    const resultCid = await cidOf('a');
    await expectRevert(commit(solver(0), { taskId, resultCid, commitBond: 0n }), 'WrongBond', {
      taskId,
      sent: 0n,
      commitBond: BOND,
    });
    await expectRevert(
      commit(solver(0), { taskId, resultCid, commitBond: BOND + 1n }),
      'WrongBond',
    );
    const free = await newTask(market);
    await expectRevert(
      commit(solver(0), { taskId: free.taskId, resultCid, commitBond: 1n }),
      'WrongBond',
      { sent: 1n, commitBond: 0n },
    );
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
    await expectRevert(
      commit(solver(0), { taskId: 5n, resultCid: await cidOf('a'), commitBond: 0n }),
      'TaskNotFound',
      { taskId: 5n },
    );
    const { taskId } = await newTask(market);
    await cancel(owner(), { taskId });
    await expectRevert(commitResult(market, taskId, SOLVERS[0], 'a'), 'TaskNotOpen');
  });
});

describe('reveal', () => {
  it('checks the commitment, folds the reveal into the digest and returns the bond', async () => {
    const { taskId, task } = await newTask(market, { commitBond: BOND });
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    const b = await commitResult(market, taskId, SOLVERS[1], 'b');
    await travelTo(market, task.commitDeadline);
    const before = await balanceOf(addressOf(SOLVERS[0]));
    const first = await revealEntry(market, taskId, a);
    const gas = first.receipt.gasUsed * first.receipt.gasPrice;
    expect(await balanceOf(addressOf(SOLVERS[0]))).toBe(before + BOND - gas);
    expect(first.events.map((e) => e.eventName)).toEqual(['SolutionRevealed']);
    const digest1 = foldRevealsDigest(ZeroHash, a.submissionId, a.resultCid);
    expect(eventsNamed(first.events, 'SolutionRevealed')[0]!.args).toEqual({
      taskId,
      submissionId: a.submissionId,
      solver: addressOf(SOLVERS[0]),
      resultCid: hexlify(a.resultCid.bytes),
      revealsDigest: digest1,
    });
    expect(first.revealsDigest).toBe(digest1);
    await revealEntry(market, taskId, b);
    const after = await getTaskView(owner(), { taskId });
    expect(after.revealsDigest).toBe(foldRevealsDigest(digest1, b.submissionId, b.resultCid));
    expect(after.revealCount).toBe(2n);
    expect(after.testSeed).toBe(ZeroHash);
    const stored = await getSubmission(owner(), { taskId, submissionId: a.submissionId });
    expect([stored.revealed, stored.resultCid, stored.resultCidHash]).toEqual([
      true,
      a.resultCid.toString(),
      keccak256(a.resultCid.bytes),
    ]);
    expect(await getSubmissionState(owner(), { taskId, submissionId: 1n })).toBe('revealed');
    // Storage keeps a hash of (solver, result CID hash) only.
    const [, record] = (await owner()
      .contract.getFunction('getSubmissionState')
      .staticCall(taskId, 1n)) as [bigint, string];
    const hashed = BigInt(
      keccak256(
        AbiCoder.defaultAbiCoder().encode(
          ['address', 'bytes32'],
          [addressOf(SOLVERS[0]), keccak256(a.resultCid.bytes)],
        ),
      ),
    );
    expect(BigInt(record)).toBe(hashed & ~1n);
  });

  it('reverts RevealWindowNotOpen before the commit deadline', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await expectRevert(revealEntry(market, taskId, a), 'RevealWindowNotOpen', {
      commitDeadline: task.commitDeadline,
    });
  });

  it('reverts RevealWindowClosed from the reveal deadline on', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.revealDeadline);
    await expectRevert(revealEntry(market, taskId, a), 'RevealWindowClosed', {
      revealDeadline: task.revealDeadline,
    });
  });

  it('reverts CommitmentMismatch for another CID, salt or solver', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.commitDeadline);
    await expectRevert(
      revealEntry(market, taskId, { ...a, resultCid: await cidOf('other') }),
      'CommitmentMismatch',
      { submissionId: a.submissionId },
    );
    await expectRevert(revealEntry(market, taskId, { ...a, salt: ZeroHash }), 'CommitmentMismatch');
    await expectRevert(
      reveal(solver(0), { taskId, ...a, solver: addressOf(SOLVERS[1]) }),
      'CommitmentMismatch',
    );
  });

  it('lets anyone holding the preimage reveal; the submission and bond stay the solver’s', async () => {
    const { taskId, task } = await newTask(market, { commitBond: BOND });
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.commitDeadline);
    const before = await balanceOf(addressOf(SOLVERS[0]));
    const result = await revealEntry(market, taskId, a, RELAYER);
    expect(eventsNamed(result.events, 'SolutionRevealed')[0]!.args.solver).toBe(
      addressOf(SOLVERS[0]),
    );
    expect(await balanceOf(addressOf(SOLVERS[0]))).toBe(before + BOND);
  });

  it('reverts AlreadyRevealed, SubmissionNotFound and InvalidCidLength', async () => {
    const { taskId, task } = await newTask(market, { commitBond: BOND });
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.commitDeadline);
    await expectRevert(
      reveal(solver(0), { taskId, ...a, solver: undefined, resultCid: new Uint8Array() }),
      'InvalidCidLength',
    );
    await revealEntry(market, taskId, a);
    await expectRevert(revealEntry(market, taskId, a), 'AlreadyRevealed', {
      submissionId: a.submissionId,
    });
    await expectRevert(
      revealEntry(market, taskId, { ...a, submissionId: 0n }),
      'SubmissionNotFound',
      {
        submissionId: 0n,
      },
    );
    await expectRevert(
      revealEntry(market, taskId, { ...a, submissionId: 2n }),
      'SubmissionNotFound',
      {
        submissionId: 2n,
      },
    );
  });
});

describe('fixTestSeed', () => {
  async function revealedTask() {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.commitDeadline);
    await revealEntry(market, taskId, a);
    return { taskId, task: await getTask(owner(), { taskId }), a };
  }
  const seedSignature = (taskId: bigint, revealsDigest: string, signer = VERIFIER) =>
    signTestSeed(market.wallet(signer), {
      chainId: 366n,
      contract: market.address,
      taskId,
      revealsDigest,
    });

  it('fixes the seed as keccak256 of the verifier’s TestSeed signature over the final digest', async () => {
    const { taskId, task } = await revealedTask();
    await travelTo(market, task.revealDeadline);
    const signature = await seedSignature(taskId, task.revealsDigest);
    const onChainDigest = await owner()
      .contract.getFunction('testSeedDigest')
      .staticCall(taskId, task.revealsDigest);
    expect(
      hashTestSeed({
        chainId: 366n,
        contract: market.address,
        taskId,
        revealsDigest: task.revealsDigest,
      }),
    ).toBe(onChainDigest);
    const result = await fixTestSeed(market.client(STRANGER), { taskId, signature });
    expect(result.testSeed).toBe(testSeedFromSignature(signature));
    expect(eventsNamed(result.events, 'TestSeedFixed')[0]!.args).toEqual({
      taskId,
      testSeed: result.testSeed,
      revealsDigest: task.revealsDigest,
      contributors: 1n,
    });
    expect((await getTaskView(owner(), { taskId })).testSeed).toBe(result.testSeed);
    await expectRevert(fixTestSeed(owner(), { taskId, signature }), 'TestSeedAlreadyFixed', {
      testSeed: result.testSeed,
    });
  });

  it('reverts SeedWindowNotOpen before the reveal deadline (the digest is not final)', async () => {
    const { taskId, task } = await revealedTask();
    const signature = await seedSignature(taskId, task.revealsDigest);
    await expectRevert(fixTestSeed(owner(), { taskId, signature }), 'SeedWindowNotOpen', {
      revealDeadline: task.revealDeadline,
    });
  });

  it('reverts InvalidSeedSignature for another signer or another digest', async () => {
    const { taskId, task } = await revealedTask();
    await travelTo(market, task.revealDeadline);
    await expectRevert(
      fixTestSeed(owner(), {
        taskId,
        signature: await seedSignature(taskId, task.revealsDigest, STRANGER),
      }),
      'InvalidSeedSignature',
      { signer: addressOf(STRANGER), verifier: addressOf(VERIFIER) },
    );
    await expectRevert(
      fixTestSeed(owner(), { taskId, signature: await seedSignature(taskId, ZeroHash) }),
      'InvalidSeedSignature',
    );
    await expectRevert(
      fixTestSeed(owner(), { taskId, signature: '0x1234' }),
      'InvalidSeedSignature',
      {
        signer: ZeroAddress,
      },
    );
  });

  it('reverts VerifierSetMismatch, WrongSeedProcedure and ScoringClosed', async () => {
    const { taskId, task } = await revealedTask();
    await travelTo(market, task.revealDeadline);
    const signature = await seedSignature(taskId, task.revealsDigest);
    await expectRevert(
      fixTestSeed(owner(), { taskId, signature, verifiers: [addressOf(STRANGER)] }),
      'VerifierSetMismatch',
    );
    await travelTo(market, task.scoringDeadline);
    await expectRevert(fixTestSeed(owner(), { taskId, signature }), 'ScoringClosed');
    const quorum = await newTask(market, { verifiers: [VERIFIERS[0], VERIFIERS[1], VERIFIERS[2]] });
    await travelTo(market, quorum.task.revealDeadline);
    await expectRevert(
      fixTestSeed(owner(), { taskId: quorum.taskId, signature }),
      'WrongSeedProcedure',
      { verifierCount: 3n },
    );
  });
});

describe('recordScore', () => {
  async function scoredTask(count = 3, options: { minScore?: bigint } = {}) {
    const { taskId, task } = await newTask(market, { minScore: options.minScore ?? 10n });
    const entries = [];
    for (let i = 0; i < count; i++)
      entries.push(await commitResult(market, taskId, SOLVERS[i]!, `r${i}`));
    await travelTo(market, task.commitDeadline);
    for (const entry of entries) await revealEntry(market, taskId, entry);
    const testSeed = await fixSeed(market, taskId);
    return { taskId, task, entries, testSeed };
  }

  it('records a relayed score signed by the verifier, keeps the best and emits ScoreRecorded', async () => {
    const { taskId, entries } = await scoredTask();
    const first = await recordEntryScore(market, taskId, entries[1]!, 50n);
    expect([first.best, first.signers]).toEqual([true, 1]);
    expect(eventsNamed(first.events, 'ScoreRecorded')[0]!.args).toEqual({
      taskId,
      submissionId: 2n,
      solver: addressOf(SOLVERS[1]),
      score: 50n,
      best: true,
      signers: 1n,
    });
    expect((await recordEntryScore(market, taskId, entries[2]!, 40n)).best).toBe(false);
    expect((await recordEntryScore(market, taskId, entries[0]!, 60n)).best).toBe(true);
    const task = await getTaskView(owner(), { taskId });
    expect([task.bestSubmissionId, task.bestScore, task.bestSolver]).toEqual([
      1n,
      60n,
      addressOf(SOLVERS[0]),
    ]);
    const sub = await getSubmission(owner(), { taskId, submissionId: 3n });
    expect([sub.scored, sub.score, sub.scores.map((s) => [s.score, s.signers, s.best])]).toEqual([
      true,
      40n,
      [[40n, 1, false]],
    ]);
  });

  it('breaks ties in favour of the earlier commit, in whatever order scores arrive', async () => {
    const { taskId, entries } = await scoredTask();
    expect((await recordEntryScore(market, taskId, entries[1]!, 70n)).best).toBe(true);
    expect((await recordEntryScore(market, taskId, entries[2]!, 70n)).best).toBe(false);
    expect((await recordEntryScore(market, taskId, entries[0]!, 70n)).best).toBe(true);
    expect((await getTaskView(owner(), { taskId })).bestSubmissionId).toBe(1n);
  });

  it('accepts a relayed score again without changing anything (relaying is idempotent)', async () => {
    const { taskId, entries } = await scoredTask(1);
    await recordEntryScore(market, taskId, entries[0]!, 30n);
    const before = await getTaskView(owner(), { taskId });
    const again = await recordEntryScore(market, taskId, entries[0]!, 30n);
    expect(again.best).toBe(false);
    expect(await getTaskView(owner(), { taskId })).toEqual(before);
  });

  it('finds solver and result CID from the reveal event when the relayer omits them', async () => {
    const { taskId, entries } = await scoredTask(2);
    const e = entries[1]!;
    const result = await recordScore(market.client(STRANGER), {
      taskId,
      submissionId: e.submissionId,
      score: 33n,
      signature: (await scoreSignatures(market, taskId, e, 33n))[0]!,
    });
    expect(result.best).toBe(true);
  });

  it('verifies on chain a score signed by core (hashScore equals scoreDigest, domain version 2)', async () => {
    const { taskId, entries, testSeed } = await scoredTask(1);
    const params = {
      chainId: 366n,
      contract: market.address,
      taskId,
      submissionId: 1n,
      resultCid: entries[0]!.resultCid,
      score: 77n,
      testSeed,
    };
    const onChain = (await owner()
      .contract.getFunction('scoreDigest')
      .staticCall(taskId, 1n, keccak256(entries[0]!.resultCid.bytes), 77n, testSeed)) as string;
    expect(hashScore(params)).toBe(onChain);
    expect(await owner().contract.getFunction('domainSeparator').staticCall()).toBe(
      TypedDataEncoder.hashDomain(scoreDomain(params)),
    );
    const domain = await owner().contract.getFunction('eip712Domain').staticCall();
    expect([domain[1], domain[2], domain[3], domain[4]]).toEqual([
      'TaskMarket',
      '2',
      366n,
      market.address,
    ]);
  });

  it('reverts TestSeedNotFixed before the seed is fixed', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.commitDeadline);
    await revealEntry(market, taskId, a);
    await expectRevert(
      recordScore(owner(), {
        taskId,
        submissionId: 1n,
        score: 5n,
        signatures: await scoreSignatures(market, taskId, a, 5n),
      }),
      'TestSeedNotFixed',
      { taskId },
    );
  });

  it('reverts InvalidScoreSignature for another signer, a malformed signature or another score', async () => {
    const { taskId, entries } = await scoredTask(1);
    const e = entries[0]!;
    const args = async (score: bigint, signature: string) =>
      sendMarketTx(owner(), 'recordScore', [
        taskId,
        1n,
        addressOf(e.solver),
        keccak256(e.resultCid.bytes),
        score,
        [addressOf(VERIFIER)],
        signature,
      ]);
    const [byStranger] = await scoreSignatures(market, taskId, e, 99n, { signers: [STRANGER] });
    await expectRevert(args(99n, byStranger!), 'InvalidScoreSignature', {
      position: 0n,
      signer: addressOf(STRANGER),
    });
    await expectRevert(args(99n, `0x${'00'.repeat(65)}`), 'InvalidScoreSignature', {
      signer: ZeroAddress,
    });
    const [for50] = await scoreSignatures(market, taskId, e, 50n);
    await expectRevert(args(51n, for50!), 'InvalidScoreSignature');
    await expectRevert(args(50n, '0x1234'), 'WrongSignatureCount', { length: 2n, threshold: 1n });
  });

  it('reverts NotRevealed for an unrevealed submission or another solver or CID', async () => {
    const { taskId, task } = await newTask(market);
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    const b = await commitResult(market, taskId, SOLVERS[1], 'b');
    await travelTo(market, task.commitDeadline);
    await revealEntry(market, taskId, a);
    await fixSeed(market, taskId);
    const send = async (submissionId: bigint, who: string, cid: Uint8Array, score: bigint, e = a) =>
      sendMarketTx(owner(), 'recordScore', [
        taskId,
        submissionId,
        who,
        keccak256(cid),
        score,
        [addressOf(VERIFIER)],
        (await scoreSignatures(market, taskId, e, score))[0],
      ]);
    await expectRevert(send(2n, addressOf(SOLVERS[1]), b.resultCid.bytes, 5n, b), 'NotRevealed', {
      submissionId: 2n,
    });
    await expectRevert(send(1n, addressOf(SOLVERS[1]), a.resultCid.bytes, 5n), 'NotRevealed');
    await expectRevert(send(1n, addressOf(SOLVERS[0]), b.resultCid.bytes, 5n), 'NotRevealed');
    await expectRevert(send(9n, addressOf(SOLVERS[0]), a.resultCid.bytes, 5n), 'NotRevealed');
  });

  it('reverts ScoreTooHigh above MAX_SCORE and ScoringClosed from the scoring deadline on', async () => {
    const { taskId, task, entries } = await scoredTask(1);
    await expectRevert(recordEntryScore(market, taskId, entries[0]!, 3_000_001n), 'ScoreTooHigh', {
      score: 3_000_001n,
      max: 3_000_000n,
    });
    await recordEntryScore(market, taskId, entries[0]!, 3_000_000n);
    await travelTo(market, task.scoringDeadline);
    await expectRevert(recordEntryScore(market, taskId, entries[0]!, 5n), 'ScoringClosed', {
      scoringDeadline: task.scoringDeadline,
    });
  });
});

describe('finalize', () => {
  it('credits the best solver the bounty plus forfeited bonds, emits TaskFinalized and Credited', async () => {
    const { taskId, task } = await newTask(market, {
      minScore: 10n,
      bounty: 2n * ETHER,
      commitBond: BOND,
    });
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await commitResult(market, taskId, SOLVERS[1], 'never revealed');
    await commitResult(market, taskId, SOLVERS[1], 'never revealed either');
    await travelTo(market, task.commitDeadline);
    await revealEntry(market, taskId, a);
    await fixSeed(market, taskId);
    await recordEntryScore(market, taskId, a, 10n);
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
      amount: 2n * ETHER + 2n * BOND,
      forfeitedBonds: 2n * BOND,
    });
    expect(await getCredit(owner(), { account: addressOf(SOLVERS[0]) })).toBe(
      2n * ETHER + 2n * BOND,
    );
    expect((await getTaskView(owner(), { taskId })).state).toBe('finalized');
    await expectRevert(finalize(owner(), { taskId }), 'TaskNotOpen', { state: 1n });
    expect(await balanceOf(market.address)).toBe(2n * ETHER + 2n * BOND);
  });

  it('refunds the owner when the best score is below minScore', async () => {
    const { taskId, task } = await newTask(market, { minScore: 10n });
    const a = await commitResult(market, taskId, SOLVERS[0], 'a');
    await travelTo(market, task.commitDeadline);
    await revealEntry(market, taskId, a);
    await fixSeed(market, taskId);
    await recordEntryScore(market, taskId, a, 9n);
    await travelTo(market, task.scoringDeadline);
    const result = await finalize(owner(), { taskId });
    expect([result.winningSubmissionId, result.payee]).toEqual([0n, addressOf(OWNER)]);
  });

  it('refunds the owner when nobody revealed, nobody was scored, or the verifier never signed a seed', async () => {
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

describe('withdraw and withdrawTo', () => {
  it('withdraw sends all credit from several tasks, emits Withdrawn and zeroes the credit', async () => {
    const one = await newTask(market, { bounty: ETHER });
    const two = await newTask(market, { bounty: 2n * ETHER });
    await cancel(owner(), { taskId: one.taskId });
    await cancel(owner(), { taskId: two.taskId });
    const before = await balanceOf(addressOf(OWNER));
    const result = await withdraw(owner());
    expect(result.amount).toBe(3n * ETHER);
    expect(eventsNamed(result.events, 'Withdrawn')[0]!.args).toEqual({
      account: addressOf(OWNER),
      payee: addressOf(OWNER),
      amount: 3n * ETHER,
    });
    const gas = result.receipt.gasUsed * result.receipt.gasPrice;
    expect(await balanceOf(addressOf(OWNER))).toBe(before + 3n * ETHER - gas);
    expect(await getCredit(owner(), { account: addressOf(OWNER) })).toBe(0n);
    expect(await balanceOf(market.address)).toBe(0n);
  });

  it('withdrawTo sends the caller’s credit to another address', async () => {
    const { taskId } = await newTask(market, { bounty: 2n * ETHER });
    await cancel(owner(), { taskId });
    const payee = addressOf(STRANGER);
    const before = await balanceOf(payee);
    const result = await withdrawTo(owner(), { payee });
    expect(result.amount).toBe(2n * ETHER);
    expect(eventsNamed(result.events, 'Withdrawn')[0]!.args).toEqual({
      account: addressOf(OWNER),
      payee,
      amount: 2n * ETHER,
    });
    expect(await balanceOf(payee)).toBe(before + 2n * ETHER);
    await expectRevert(withdrawTo(owner(), { payee }), 'NothingToWithdraw');
  });

  it('reverts NothingToWithdraw without credit and ZeroPayee for the zero address', async () => {
    await expectRevert(withdraw(market.client(STRANGER)), 'NothingToWithdraw', {
      account: addressOf(STRANGER),
    });
    const { taskId } = await newTask(market);
    await cancel(owner(), { taskId });
    await expectRevert(withdrawTo(owner(), { payee: ZeroAddress }), 'ZeroPayee');
    await expect(withdrawTo(owner(), { payee: 'nobody' })).rejects.toBeInstanceOf(MarketInputError);
  });
});

describe('views', () => {
  it('pages tasks and rebuilds submissions from events, 105 of them', async () => {
    for (let i = 0; i < 3; i++) await newTask(market);
    const page = await listTasks(owner(), { offset: 1n, limit: 1 });
    expect(page.items.map((t) => [t.id, t.verifiers, t.specCid])).toEqual([
      [2n, [addressOf(VERIFIER)], (await cidOf('spec')).toString()],
    ]);
    expect([page.total, page.nextOffset]).toEqual([3n, 2n]);
    const last = await listTasks(owner(), { offset: 2n, limit: 5 });
    expect(last.items.map((t) => t.id)).toEqual([3n]);
    expect(last.nextOffset).toBeUndefined();
    expect((await listTasks(owner(), { offset: 10n })).items).toEqual([]);
    await expect(listTasks(owner(), { limit: 101 })).rejects.toBeInstanceOf(MarketInputError);
    const rawTasks = (await owner()
      .contract.getFunction('getTasks')
      .staticCall(0n, 1000n)) as unknown[];
    expect(rawTasks).toHaveLength(3);

    const taskId = 1n;
    await sendBatch(
      market,
      Array.from({ length: 105 }, (_, i) => ({
        from: SOLVERS[i % SOLVERS.length]!,
        functionName: 'commit',
        args: [taskId, `0x${(i + 1).toString(16).padStart(64, '0')}`],
      })),
    );
    const subs = await listSubmissions(owner(), { taskId, offset: 100n, limit: 10 });
    expect(subs.items.map((s) => s.id)).toEqual([101n, 102n, 103n, 104n, 105n]);
    expect(subs.total).toBe(105n);
    expect(subs.nextOffset).toBeUndefined();
    const first = await listSubmissions(owner(), { taskId });
    expect(first.items).toHaveLength(100);
    expect(first.nextOffset).toBe(100n);
  });

  it('reverts TaskNotFound and SubmissionNotFound in the single-item views', async () => {
    await expectRevert(getTask(owner(), { taskId: 0n }), 'TaskNotFound');
    await expectRevert(listSubmissions(owner(), { taskId: 4n }), 'TaskNotFound');
    const { taskId } = await newTask(market);
    await expectRevert(getSubmission(owner(), { taskId, submissionId: 1n }), 'SubmissionNotFound');
  });

  it('computes the same commitment and verifier set hash on chain as core', async () => {
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
    const set = sortedVerifiers(market, [...VERIFIERS]);
    expect(await owner().contract.getFunction('verifierSetHash').staticCall(set)).toBe(
      hashVerifierSet(set),
    );
  });

  it('exposes the minimum window and the constants', async () => {
    const c = owner().contract;
    expect(await c.getFunction('MIN_WINDOW').staticCall()).toBe(MIN_WINDOW);
    expect(await c.getFunction('MAX_VERIFIERS').staticCall()).toBe(7n);
    expect(await c.getFunction('MAX_HORIZON').staticCall()).toBe(365n * 24n * HOUR);
  });
});
