/**
 * The market client through the double of Theta's ETH-RPC adaptor (`src/theta-rpc/`): legacy
 * transactions at `eth_gasPrice` without fee-data calls, typed errors where revert data exists and
 * `MarketRevertWithoutDataError` where it does not, receipt waiting that reads the zero-filled
 * receipt as "not mined yet", event scans within 5000 blocks per query.
 */
import { JsonRpcProvider, Wallet, ZeroHash } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type MarketClient,
  MarketReceiptTimeoutError,
  MarketRevertWithoutDataError,
  TaskMarketContractError,
  commit,
  createMarketClient,
  createTask,
  eventsNamed,
  finalize,
  fixTestSeed,
  getSubmission,
  getTask,
  getTaskView,
  localChain,
  recordScore,
  reveal,
  scanEvents,
  signScore,
  signTestSeed,
  submitMarketTx,
  waitForMarketTx,
  withdraw,
} from '@tem/core/market';
import {
  type AnvilChain,
  type ThetaRpc,
  deployTaskMarket,
  startAnvil,
  startThetaRpc,
} from '../src/index.js';
import { ACCOUNT_COUNT, ROLES } from '@tem/testkit/roles';
import { cidOf } from './test-support/fixture.js';

let chain: AnvilChain;
let proxy: ThetaRpc;
let provider: JsonRpcProvider;
let address: string;
let deployBlock: number;
const ETHER = 10n ** 18n;

beforeAll(async () => {
  chain = await startAnvil({ accounts: ACCOUNT_COUNT });
  // A short block interval: every retry of the adaptor (receipts, failing calls) sleeps one.
  proxy = await startThetaRpc({ upstreamUrl: chain.rpcUrl, blockIntervalMs: 50 });
  provider = new JsonRpcProvider(proxy.url, 366, {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 50,
  });
  const deployment = await deployTaskMarket(
    new Wallet(chain.accounts[ROLES.deployer]!.privateKey, provider),
  );
  address = deployment.address;
  deployBlock = deployment.block;
});
afterAll(async () => {
  provider?.destroy();
  await proxy?.close();
  await chain?.stop();
});

const wallet = (i: number) => new Wallet(chain.accounts[i]!.privateKey, provider);
const client = (i: number): MarketClient =>
  createMarketClient({ address, signer: wallet(i), chain: localChain });
/** A one-verifier task with 100-second windows from now. */
const newTask = async (overrides: { commitBond?: bigint } = {}) => {
  const now = await chain.now();
  const { taskId } = await createTask(client(ROLES.owner), {
    specCid: await cidOf('spec'),
    bounty: ETHER,
    commitDeadline: now + 100n,
    revealDeadline: now + 200n,
    scoringDeadline: now + 300n,
    verifiers: [wallet(ROLES.verifier).address],
    ...overrides,
  });
  return { taskId, now };
};
const travelTo = async (t: bigint) => {
  await chain.provider.send('evm_setNextBlockTimestamp', [Number(t)]);
  await chain.mine();
};

describe('through Theta’s ETH-RPC adaptor', () => {
  it('runs a task to its payout with legacy transactions and no fee-data calls', async () => {
    const verifier = wallet(ROLES.verifier);
    const { taskId, now } = await newTask({ commitBond: 10n ** 16n });
    const resultCid = await cidOf('result');
    const { submissionId, salt } = await commit(client(ROLES.solver), { taskId, resultCid });
    await travelTo(now + 100n);
    await reveal(client(ROLES.solver), { taskId, submissionId, resultCid, salt });
    await travelTo(now + 200n);
    const { revealsDigest } = await getTaskView(client(ROLES.relayer), { taskId });
    const signature = await signTestSeed(verifier, {
      chainId: 366n,
      contract: address,
      taskId,
      revealsDigest,
    });
    const { testSeed } = await fixTestSeed(client(ROLES.relayer), { taskId, signature });
    const scoreSignature = await signScore(verifier, {
      chainId: 366n,
      contract: address,
      taskId,
      submissionId,
      resultCid,
      score: 42n,
      testSeed,
    });
    expect(
      (
        await recordScore(client(ROLES.relayer), {
          taskId,
          submissionId,
          score: 42n,
          signatures: [scoreSignature],
        })
      ).best,
    ).toBe(true);
    expect((await getSubmission(client(ROLES.relayer), { taskId, submissionId })).score).toBe(42n);
    await travelTo(now + 300n);
    expect((await finalize(client(ROLES.relayer), { taskId })).payee).toBe(
      wallet(ROLES.solver).address,
    );
    expect((await withdraw(client(ROLES.solver))).amount).toBe(ETHER);
    expect(proxy.calls.get('eth_maxPriorityFeePerGas')).toBeUndefined();
    expect(proxy.calls.get('eth_feeHistory')).toBeUndefined();
    const { events } = await scanEvents(client(ROLES.relayer), {
      fromBlock: deployBlock,
      taskId,
      eventNames: ['SolutionRevealed'],
    });
    const tx = await chain.provider.getTransaction(events[0]!.transactionHash);
    expect(tx?.type).toBe(0);
  });

  it('reports a refusal without revert data as MarketRevertWithoutDataError, and reads TaskNotFound from the chain', async () => {
    const { taskId, now } = await newTask();
    await travelTo(now + 150n);
    const late = await commit(client(ROLES.solver), {
      taskId,
      resultCid: await cidOf('late'),
      commitBond: 0n,
    }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(MarketRevertWithoutDataError);
    expect((late as MarketRevertWithoutDataError).functionName).toBe('commit');
    await expect(withdraw(client(ROLES.stranger))).rejects.toBeInstanceOf(
      MarketRevertWithoutDataError,
    );
    const missing = await getTask(client(ROLES.relayer), { taskId: 999n }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TaskMarketContractError);
    expect((missing as TaskMarketContractError).errorName).toBe('TaskNotFound');
    await expect(
      getSubmission(client(ROLES.relayer), { taskId, submissionId: 5n }),
    ).rejects.toMatchObject({
      errorName: 'SubmissionNotFound',
    });
  });

  it('waits through zero-filled receipts until the transaction is mined', async () => {
    const { taskId } = await newTask();
    await expect(
      waitForMarketTx(client(ROLES.solver), `0x${'ab'.repeat(32)}`, {
        timeoutMs: 600,
        maxPollMs: 50,
      }),
    ).rejects.toBeInstanceOf(MarketReceiptTimeoutError);
    await chain.provider.send('evm_setAutomine', [false]);
    try {
      let sentWhenSigned = -1;
      const pending = await submitMarketTx(
        client(ROLES.solver),
        'commit',
        [taskId, `0x${'11'.repeat(32)}`],
        {
          onSigned: () => {
            sentWhenSigned = proxy.calls.get('eth_sendRawTransaction') ?? 0;
          },
        },
      );
      expect(sentWhenSigned).toBeGreaterThanOrEqual(0);
      expect(proxy.calls.get('eth_sendRawTransaction')).toBe(sentWhenSigned + 1);
      // Theta's `latest` count reads the node's screened view: the accepted commit counts already.
      expect(await provider.getTransactionCount(wallet(ROLES.solver).address, 'latest')).toBe(
        pending.nonce + 1,
      );
      const waiting = waitForMarketTx(client(ROLES.solver), pending, { maxPollMs: 50 });
      await new Promise((resolve) => setTimeout(resolve, 400));
      await chain.provider.send('evm_mine', []);
      const { events, receipt } = await waiting;
      expect(receipt.status).toBe(1);
      expect(eventsNamed(events, 'SolutionCommitted')[0]!.args.taskId).toBe(taskId);
    } finally {
      await chain.provider.send('evm_setAutomine', [true]);
    }
  });

  it('scans events over more than 5000 blocks in windows the adaptor accepts', async () => {
    await chain.provider.send('anvil_mine', ['0x1600']);
    await expect(
      provider.getLogs({ address, fromBlock: deployBlock, toBlock: 'latest' }),
    ).rejects.toThrow(/block range too large/);
    const { events, toBlock } = await scanEvents(client(ROLES.relayer), {
      fromBlock: deployBlock,
      eventNames: ['TaskCreated'],
    });
    expect(toBlock - deployBlock).toBeGreaterThan(5_000);
    expect(events.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses typed (EIP-1559) transactions, which is why the client sends legacy ones', async () => {
    const w = wallet(ROLES.stranger);
    const raw = await w.signTransaction({
      type: 2,
      to: w.address,
      value: 1n,
      nonce: await chain.provider.getTransactionCount(w.address),
      gasLimit: 21_000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 1n,
      chainId: 366n,
    });
    await expect(provider.send('eth_sendRawTransaction', [raw])).rejects.toThrow(
      /expected input list/,
    );
    expect(ZeroHash).toBe(`0x${'0'.repeat(64)}`);
  });
});
