import { type Log, Wallet, TypedDataEncoder, ZeroHash, id, keccak256, toUtf8Bytes } from 'ethers';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { describe, expect, it } from 'vitest';
import {
  MarketInputError,
  MarketTransactionError,
  SCORE_TYPES,
  TaskMarketContractError,
  type TaskMarketErrorArgs,
  type TaskMarketEventArgs,
  chainById,
  chainByKey,
  cidFromBytes,
  cidToBytes,
  cidToHex,
  computeCommitment,
  decodeMarketLog,
  decodeTaskMarketError,
  explorerTxUrl,
  hashScore,
  isTaskMarketContractError,
  localChain,
  phaseEndsAt,
  randomSalt,
  receiptEvents,
  recoverScoreSigner,
  scoreDomain,
  signScore,
  taskMarketAbi,
  taskMarketInterface,
  taskPhase,
  thetaMainnet,
  thetaTestnet,
  toMarketError,
} from './index.js';

const cidOf = async (text: string) =>
  CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text)));
const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const SOLVER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('taskPhase', () => {
  const task = {
    state: 'open' as const,
    commitDeadline: 100n,
    revealDeadline: 200n,
    scoringDeadline: 300n,
  };

  it('follows the contract’s deadline checks exactly', () => {
    expect(taskPhase(task, 99)).toBe('commit');
    expect(taskPhase(task, 100)).toBe('reveal');
    expect(taskPhase(task, 199n)).toBe('reveal');
    expect(taskPhase(task, 200n)).toBe('scoring');
    expect(taskPhase(task, 299n)).toBe('scoring');
    expect(taskPhase(task, 300n)).toBe('finalizable');
  });

  it('reports finalized and cancelled tasks whatever the time', () => {
    expect(taskPhase({ ...task, state: 'finalized' }, 0)).toBe('finalized');
    expect(taskPhase({ ...task, state: 'cancelled' }, 150)).toBe('cancelled');
  });

  it('tells when a phase ends', () => {
    expect(phaseEndsAt(task, 'commit')).toBe(100n);
    expect(phaseEndsAt(task, 'reveal')).toBe(200n);
    expect(phaseEndsAt(task, 'scoring')).toBe(300n);
    expect(phaseEndsAt(task, 'finalizable')).toBeUndefined();
  });
});

describe('computeCommitment', () => {
  it('binds chain, contract, task, solver, result CID and salt', async () => {
    const base = {
      chainId: 366n,
      contract: CONTRACT,
      taskId: 1n,
      solver: SOLVER,
      resultCid: await cidOf('a'),
      salt: `0x${'01'.repeat(32)}`,
    };
    const reference = computeCommitment(base);
    const variants = [
      { chainId: 365n },
      { contract: SOLVER },
      { taskId: 2n },
      { solver: CONTRACT },
      { resultCid: await cidOf('b') },
      { salt: `0x${'02'.repeat(32)}` },
    ];
    for (const change of variants)
      expect(computeCommitment({ ...base, ...change })).not.toBe(reference);
    expect(
      computeCommitment({ ...base, taskId: 1, chainId: 366, resultCid: base.resultCid.toString() }),
    ).toBe(reference);
  });

  it('rejects a salt that is not 32 bytes of hex', async () => {
    expect(() =>
      computeCommitment({
        chainId: 1,
        contract: CONTRACT,
        taskId: 1,
        solver: SOLVER,
        resultCid: new Uint8Array([1]),
        salt: '0x1234',
      }),
    ).toThrow(MarketInputError);
  });

  it('draws fresh 32-byte salts', () => {
    const salts = new Set(Array.from({ length: 50 }, randomSalt));
    expect(salts.size).toBe(50);
    for (const salt of salts) expect(salt).toMatch(/^0x[0-9a-f]{64}$/);
  });
});

describe('EIP-712 scores', () => {
  const verifier = new Wallet(`0x${'11'.repeat(32)}`);

  it('uses the struct type the contract hashes', () => {
    const encoded = TypedDataEncoder.from(SCORE_TYPES).encodeType('Score');
    expect(encoded).toBe(
      'Score(uint256 taskId,uint256 submissionId,bytes32 resultCidHash,uint64 score,bytes32 testSeed)',
    );
    expect(id(encoded)).toBe(keccak256(toUtf8Bytes(encoded)));
    expect(scoreDomain({ chainId: 366, contract: CONTRACT })).toEqual({
      name: 'TaskMarket',
      version: '2',
      chainId: 366n,
      verifyingContract: CONTRACT,
    });
  });

  it('signs scores that recover to the verifier, and every field changes the digest', async () => {
    const params = {
      chainId: 366n,
      contract: CONTRACT,
      taskId: 3n,
      submissionId: 4n,
      resultCid: await cidOf('r'),
      score: 900n,
      testSeed: `0x${'ab'.repeat(32)}`,
    };
    const signature = await signScore(verifier, params);
    expect(recoverScoreSigner(params, signature)).toBe(verifier.address);
    const digest = hashScore(params);
    for (const change of [
      { chainId: 365n },
      { contract: SOLVER },
      { taskId: 5n },
      { submissionId: 5n },
      { resultCid: await cidOf('s') },
      { score: 901n },
      { testSeed: ZeroHash },
    ]) {
      expect(hashScore({ ...params, ...change })).not.toBe(digest);
      expect(recoverScoreSigner({ ...params, ...change }, signature)).not.toBe(verifier.address);
    }
  });
});

describe('CIDs', () => {
  it('converts text, CID objects, bytes and hex to the same bytes', async () => {
    const cid = await cidOf('x');
    expect(cidToBytes(cid.toString())).toEqual(cid.bytes);
    expect(cidToBytes(cid)).toEqual(cid.bytes);
    expect(cidToBytes(cid.bytes)).toBe(cid.bytes);
    expect(cidToBytes(cidToHex(cid))).toEqual(cid.bytes);
    expect(cidToBytes(cid.toV1().toString())).toEqual(cid.bytes);
  });

  it('decodes chain bytes to text, and untrusted garbage to null', async () => {
    const cid = await cidOf('x');
    expect(cidFromBytes(cid.bytes)).toBe(cid.toString());
    expect(cidFromBytes(cidToHex(cid))).toBe(cid.toString());
    expect(cidFromBytes(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(cidFromBytes('0x')).toBeNull();
  });

  it('rejects text that is no CID with a MarketInputError', () => {
    expect(() => cidToBytes('not a cid')).toThrow(MarketInputError);
  });
});

describe('contract errors', () => {
  it('decodes custom errors with named, typed arguments', () => {
    const data = taskMarketInterface.encodeErrorResult('CommitWindowClosed', [7n, 1234n]);
    const err = decodeTaskMarketError(data)!;
    expect(err).toBeInstanceOf(TaskMarketContractError);
    expect(err.errorName).toBe('CommitWindowClosed');
    expect(err.args).toEqual({ taskId: 7n, commitDeadline: 1234n });
    expect(err.shortMessage).toBe(
      'TaskMarket reverted: CommitWindowClosed(taskId=7, commitDeadline=1234)',
    );
    expect(isTaskMarketContractError(err, 'CommitWindowClosed')).toBe(true);
    expect(isTaskMarketContractError(err, 'TaskNotFound')).toBe(false);
    if (err.is('CommitWindowClosed')) {
      const deadline: bigint = err.args.commitDeadline;
      expect(deadline).toBe(1234n);
    }
  });

  it('finds revert data nested in ethers errors', () => {
    const data = taskMarketInterface.encodeErrorResult('NothingToWithdraw', [SOLVER]);
    const nested = Object.assign(new Error('could not coalesce error'), {
      info: { error: { code: 3, data } },
    });
    const err = toMarketError(nested, 'withdraw');
    expect(err).toBeInstanceOf(TaskMarketContractError);
    expect((err as TaskMarketContractError<'NothingToWithdraw'>).args.account).toBe(SOLVER);
    expect(err.cause).toBe(nested);
  });

  it('wraps anything else as MarketTransactionError, keeping the cause', () => {
    expect(decodeTaskMarketError('0xdeadbeef')).toBeUndefined();
    const cause = Object.assign(new Error('insufficient funds for gas'), {
      shortMessage: 'insufficient funds',
    });
    const err = toMarketError(cause, 'createTask');
    expect(err).toBeInstanceOf(MarketTransactionError);
    expect(err.shortMessage).toBe('createTask failed: insufficient funds');
    expect(err.details).toBe('insufficient funds for gas');
  });

  it('types error and event arguments from the ABI', () => {
    const args: TaskMarketErrorArgs<'InvalidScoreSignature'> = {
      taskId: 1n,
      submissionId: 2n,
      position: 0n,
      signer: SOLVER,
    };
    const event: TaskMarketEventArgs<'ScoreRecorded'> = {
      taskId: 1n,
      submissionId: 1n,
      solver: SOLVER,
      score: 3n,
      best: true,
      signers: 5n,
    };
    const created: TaskMarketEventArgs<'TaskCreated'>['verifiers'] = [SOLVER, CONTRACT];
    expect(Object.keys(args)).toHaveLength(4);
    expect(event.best).toBe(true);
    expect(created).toHaveLength(2);
    expect(taskMarketAbi.filter((item) => item.type === 'event').length).toBeGreaterThanOrEqual(11);
  });
});

describe('event decoding', () => {
  it('decodes TaskMarket logs and skips other contracts’ logs in receipts', () => {
    const fragment = taskMarketInterface.getEvent('TaskFunded')!;
    const encoded = taskMarketInterface.encodeEventLog(fragment, [9n, SOLVER, 5n, 15n]);
    const log = {
      ...encoded,
      blockNumber: 10,
      transactionHash: ZeroHash,
      index: 2,
      address: CONTRACT,
    };
    expect(decodeMarketLog(log)).toEqual({
      eventName: 'TaskFunded',
      args: { taskId: 9n, funder: SOLVER, amount: 5n, bounty: 15n },
      blockNumber: 10,
      transactionHash: ZeroHash,
      logIndex: 2,
    });
    const foreign = { ...log, address: SOLVER };
    const garbage = { ...log, topics: [ZeroHash] };
    expect(
      receiptEvents(
        { address: CONTRACT },
        { logs: [log, foreign, garbage] as unknown as Log[] },
      ).map((e) => e.eventName),
    ).toEqual(['TaskFunded']);
  });
});

describe('chains', () => {
  it('describes Theta mainnet, testnet and the local chain', () => {
    expect([thetaMainnet.id, thetaTestnet.id, localChain.id]).toEqual([361, 365, 366]);
    expect(thetaMainnet.minGasPrice).toBe(4000n * 10n ** 9n);
    expect(thetaMainnet.rpcUrls[0]).toBe('https://eth-rpc-api.thetatoken.org/rpc');
    expect(thetaTestnet.rpcUrls[0]).toBe('https://eth-rpc-api-testnet.thetatoken.org/rpc');
    expect(chainById(365n)).toBe(thetaTestnet);
    expect(chainByKey('local')).toBe(localChain);
    expect(chainByKey('nope')).toBeUndefined();
    expect(explorerTxUrl(thetaMainnet, '0xabc')).toBe('https://explorer.thetatoken.org/txs/0xabc');
    expect(explorerTxUrl(localChain, '0xabc')).toBeUndefined();
  });
});
