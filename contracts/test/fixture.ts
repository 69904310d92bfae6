/**
 * Shared set-up of the contract tests: one anvil per test file, a deployed TaskMarket, clients for
 * the dev accounts, and helpers to create tasks and drive them through their phases.
 */
import type { TransactionReceipt, Wallet } from 'ethers';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import * as raw from 'multiformats/codecs/raw';
import {
  type MarketClient,
  type MarketTask,
  commit,
  createMarketClient,
  createTask,
  getTask,
  reveal,
  signScore,
  taskMarketInterface,
  waitForReceipt,
} from '@tem/core/market';
import { type AnvilChain, deployTaskMarket, startAnvil } from '../src/index.js';

/** Account roles (indices into the anvil dev accounts). */
export const DEPLOYER = 0;
export const OWNER = 1;
export const VERIFIER = 2;
export const SOLVERS = [3, 4, 5, 6, 7] as const;
export const RELAYER = 8;
export const STRANGER = 9;

/** One deployed market on a fresh anvil. */
export interface Market {
  chain: AnvilChain;
  address: string;
  deployBlock: number;
  /** A client signing as dev account `index`. */
  client(index: number): MarketClient;
  wallet(index: number): Wallet;
  stop(): Promise<void>;
}

/** Starts anvil and deploys TaskMarket. */
export async function startMarket(): Promise<Market> {
  const chain = await startAnvil();
  const deployment = await deployTaskMarket(chain.wallet(DEPLOYER));
  const clients = new Map<number, MarketClient>();
  return {
    chain,
    address: deployment.address,
    deployBlock: deployment.block,
    client(index) {
      let c = clients.get(index);
      if (!c) {
        c = createMarketClient({ address: deployment.address, signer: chain.wallet(index) });
        clients.set(index, c);
      }
      return c;
    },
    wallet: (index) => chain.wallet(index),
    stop: () => chain.stop(),
  };
}

/** A raw-codec CIDv1 of `text` (what a result or spec CID looks like). */
export async function cidOf(text: string): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text)));
}

/** Default deadlines: commit in 1 h, reveal 1 h later, scoring 1 h after that. */
export const HOUR = 3600n;

/** Creates a task with deadlines relative to the chain's clock. */
export async function newTask(
  market: Market,
  options: { bounty?: bigint; minScore?: bigint; owner?: number; verifier?: string } = {},
): Promise<{ taskId: bigint; task: MarketTask }> {
  const now = await market.chain.now();
  const { taskId } = await createTask(market.client(options.owner ?? OWNER), {
    specCid: await cidOf('spec'),
    bounty: options.bounty ?? 10n ** 18n,
    commitDeadline: now + HOUR,
    revealDeadline: now + 2n * HOUR,
    scoringDeadline: now + 3n * HOUR,
    verifier: options.verifier ?? market.wallet(VERIFIER).address,
    minScore: options.minScore ?? 0n,
  });
  return { taskId, task: await getTask(market.client(OWNER), { taskId }) };
}

/** Moves the chain clock to `timestamp` (seconds) and mines a block there. */
export async function travelTo(market: Market, timestamp: bigint): Promise<void> {
  await market.chain.provider.send('evm_setNextBlockTimestamp', [Number(timestamp)]);
  await market.chain.mine();
}

/** A committed (and maybe revealed) submission. */
export interface Entry {
  solver: number;
  submissionId: bigint;
  resultCid: CID;
  salt: string;
}

/** Commits `solver`'s result `label` to `taskId`. */
export async function commitResult(
  market: Market,
  taskId: bigint,
  solver: number,
  label: string,
): Promise<Entry> {
  const resultCid = await cidOf(label);
  const { submissionId, salt } = await commit(market.client(solver), { taskId, resultCid });
  return { solver, submissionId, resultCid, salt };
}

/** Reveals an entry; returns the task's test seed afterwards. */
export async function revealEntry(market: Market, taskId: bigint, entry: Entry): Promise<string> {
  await reveal(market.client(entry.solver), { taskId, ...entry });
  return (await getTask(market.client(OWNER), { taskId })).testSeed;
}

/** The verifier's signature of `score` for an entry. */
export async function verifierSignature(
  market: Market,
  taskId: bigint,
  entry: Pick<Entry, 'submissionId' | 'resultCid'>,
  score: bigint,
  options: { signer?: number; chainId?: bigint; contract?: string; testSeed?: string } = {},
): Promise<string> {
  const testSeed = options.testSeed ?? (await getTask(market.client(OWNER), { taskId })).testSeed;
  return signScore(market.wallet(options.signer ?? VERIFIER), {
    chainId: options.chainId ?? 366n,
    contract: options.contract ?? market.address,
    taskId,
    submissionId: entry.submissionId,
    resultCid: entry.resultCid,
    score,
    testSeed,
  });
}

/**
 * Sends many TaskMarket calls at once, signed locally and mined in a few blocks (fast set-up of
 * crowded tasks); checks that every one succeeded. Calls of one account keep their order.
 */
export async function sendBatch(
  market: Market,
  calls: readonly { from: number; functionName: string; args: readonly unknown[] }[],
  gasLimit = 300_000n,
): Promise<TransactionReceipt[]> {
  const provider = market.chain.provider;
  const gasPrice = (await provider.getFeeData()).gasPrice!;
  const nonces = new Map<number, number>();
  const raws: string[] = [];
  for (const call of calls) {
    const wallet = market.wallet(call.from);
    const nonce = nonces.get(call.from) ?? (await wallet.getNonce());
    nonces.set(call.from, nonce + 1);
    raws.push(
      await wallet.signTransaction({
        to: market.address,
        data: taskMarketInterface.encodeFunctionData(call.functionName, call.args),
        nonce,
        gasLimit,
        gasPrice,
        chainId: 366n,
        type: 0,
      }),
    );
  }
  await provider.send('evm_setAutomine', [false]);
  let hashes: string[];
  try {
    hashes = await Promise.all(
      raws.map((raw) => provider.send('eth_sendRawTransaction', [raw]) as Promise<string>),
    );
    while (Number((await provider.send('txpool_status', [])).pending) > 0)
      await provider.send('evm_mine', []);
  } finally {
    await provider.send('evm_setAutomine', [true]);
  }
  const receipts = await Promise.all(hashes.map((hash) => waitForReceipt(provider, hash)));
  const failed = receipts.filter((r) => r.status !== 1).map((r) => r.hash);
  if (failed.length > 0)
    throw new Error(`${failed.length} batched transactions failed, e.g. ${failed[0]}`);
  return receipts;
}
