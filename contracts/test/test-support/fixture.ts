/**
 * Shared set-up of the contract tests: one anvil per test file, a deployed TaskMarket, clients for
 * the dev accounts, and helpers to create tasks and drive them through their phases (commits,
 * reveals, the test seed with one or several verifiers, quorum-signed scores).
 */
import { type TransactionReceipt, type Wallet, ZeroHash, concat, keccak256 } from 'ethers';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import * as raw from 'multiformats/codecs/raw';
import {
  type MarketClient,
  type MarketTask,
  commit,
  commitSeed,
  createTask,
  deriveSeedContribution,
  fixTestSeed,
  getTask,
  getTaskView,
  recordScore,
  reveal,
  revealSeed,
  sendMarketTx,
  type TxResult,
  seedContributionCommitment,
  settleSeed,
  signScore,
  signSeedCommitment,
  signTestSeed,
  sortVerifiers,
  taskMarketInterface,
  waitForReceipt,
} from '@tem/core/market';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startTestChain } from '@tem/testkit/chain';
import { ROLES, SOLVERS, VERIFIERS } from '@tem/testkit/roles';
import type { AnvilChain } from '../../src/index.js';

/** Account roles (indices into the anvil dev accounts): the test kit's. */
export const DEPLOYER: number = ROLES.deployer;
export const OWNER: number = ROLES.owner;
export const VERIFIER: number = ROLES.verifier;
export const RELAYER: number = ROLES.relayer;
export const STRANGER: number = ROLES.stranger;
/** Solver accounts, and verifier accounts for quorum tasks (VERIFIER first). */
export { SOLVERS, VERIFIERS };
/** The contract's minimum window in the tests (seconds). */
export const MIN_WINDOW = 5n;

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

/** Starts anvil and deploys TaskMarket (the test kit's chain). */
export async function startMarket(options: { minWindow?: bigint } = {}): Promise<Market> {
  const testChain = await startTestChain({ minWindow: Number(options.minWindow ?? MIN_WINDOW) });
  return {
    chain: testChain.chain,
    address: testChain.market,
    deployBlock: testChain.deployBlock,
    client: testChain.client,
    wallet: (index) => testChain.chain.wallet(index),
    stop: () => testChain.stop(),
  };
}

/**
 * One market for a test file: started before its tests, stopped after them, and reverted to a
 * snapshot after each test. Returns a getter (the market exists once `beforeAll` has run).
 */
export function useMarket(options: { minWindow?: bigint } = {}): () => Market {
  let market: Market | undefined;
  let snapshot = '';
  beforeAll(async () => {
    market = await startMarket(options);
  });
  afterAll(async () => {
    await market?.stop();
  });
  beforeEach(async () => {
    snapshot = await market!.chain.snapshot();
  });
  afterEach(async () => {
    await market!.chain.revert(snapshot);
  });
  return () => market!;
}

/** A raw-codec CIDv1 of `text` (what a result or spec CID looks like). */
export async function cidOf(text: string): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text)));
}

/** An hour, the default length of every window in the tests. */
export const HOUR = 3600n;

/** Options of {@link newTask}. */
export interface NewTaskOptions {
  bounty?: bigint;
  minScore?: bigint;
  owner?: number;
  /** Verifier accounts (default: [VERIFIER]). */
  verifiers?: readonly number[];
  /** m (default 1 with one verifier, else a majority). */
  threshold?: number;
  commitBond?: bigint;
  /** Default: 0 with one verifier, an hour with more. */
  seedWindow?: bigint;
}

/** Creates a task with hour-long windows relative to the chain's clock. */
export async function newTask(
  market: Market,
  options: NewTaskOptions = {},
): Promise<{ taskId: bigint; task: MarketTask }> {
  const now = await market.chain.now();
  const verifierIndices = options.verifiers ?? [VERIFIER];
  const n = verifierIndices.length;
  const seedWindow = options.seedWindow ?? (n === 1 ? 0n : HOUR);
  const { taskId } = await createTask(market.client(options.owner ?? OWNER), {
    specCid: await cidOf('spec'),
    bounty: options.bounty ?? 10n ** 18n,
    commitDeadline: now + HOUR,
    revealDeadline: now + 2n * HOUR,
    scoringDeadline: now + 3n * HOUR + 2n * seedWindow,
    verifiers: verifierIndices.map((i) => market.wallet(i).address),
    threshold: options.threshold ?? (n === 1 ? 1 : Math.floor(n / 2) + 1),
    seedWindow,
    minScore: options.minScore ?? 0n,
    commitBond: options.commitBond ?? 0n,
  });
  return { taskId, task: await getTask(market.client(OWNER), { taskId }) };
}

/**
 * Valid `createTask` parameters as the contract takes them (one verifier, an hour per window from
 * now), with `overrides`: for calls that bypass the client's checks.
 */
export async function rawTaskParams(
  market: Market,
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const now = await market.chain.now();
  return {
    specCid: (await cidOf('spec')).bytes,
    commitDeadline: now + HOUR,
    revealDeadline: now + 2n * HOUR,
    scoringDeadline: now + 3n * HOUR,
    seedWindow: 0n,
    minScore: 0n,
    commitBond: 0n,
    threshold: 1,
    verifiers: [market.wallet(VERIFIER).address],
    ...overrides,
  };
}

/** Sends `recordScore` as given (signatures concatenated in the order given), from the relayer. */
export async function rawRecordScore(
  market: Market,
  taskId: bigint,
  entry: Entry,
  score: bigint,
  verifiers: readonly string[],
  signatures: readonly string[],
): Promise<TxResult> {
  return sendMarketTx(market.client(RELAYER), 'recordScore', [
    taskId,
    entry.submissionId,
    market.wallet(entry.solver).address,
    keccak256(entry.resultCid.bytes),
    score,
    verifiers,
    signatures.length > 0 ? concat([...signatures]) : '0x',
  ]);
}

/** Moves the chain clock to `timestamp` (seconds) and mines a block there. */
export async function travelTo(market: Market, timestamp: bigint): Promise<void> {
  await market.chain.provider.send('evm_setNextBlockTimestamp', [Number(timestamp)]);
  await market.chain.mine();
}

/** A committed (and maybe revealed) submission. */
export interface Entry {
  /** Account index of the solver. */
  solver: number;
  submissionId: bigint;
  resultCid: CID;
  salt: string;
}

/** Commits `solver`'s result `label` to `taskId`, paying the task's bond. */
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

/** Reveals an entry as its solver (or as `sender`). */
export async function revealEntry(
  market: Market,
  taskId: bigint,
  entry: Entry,
  sender: number = entry.solver,
): Promise<Awaited<ReturnType<typeof reveal>>> {
  return reveal(market.client(sender), {
    taskId,
    submissionId: entry.submissionId,
    resultCid: entry.resultCid,
    salt: entry.salt,
    solver: market.wallet(entry.solver).address,
  });
}

/** Verifier account indices of a task, in the task's (ascending address) order. */
export function verifierOrder(market: Market, task: MarketTask): number[] {
  return task.verifiers.map((address) => {
    const index = [...VERIFIERS, OWNER, STRANGER].find((i) => market.wallet(i).address === address);
    if (index === undefined) throw new Error(`verifier ${address} is not a test account`);
    return index;
  });
}

/** A verifier's seed contribution and its commitment signature (as a verifier endpoint serves them). */
export async function seedMaterial(
  market: Market,
  taskId: bigint,
  verifier: number,
): Promise<{ contribution: string; commitment: string; signature: string }> {
  const { revealsDigest } = await getTaskView(market.client(OWNER), { taskId });
  const domain = { chainId: 366n, contract: market.address, taskId, revealsDigest };
  const contribution = await deriveSeedContribution(market.wallet(verifier), domain);
  const commitment = seedContributionCommitment(contribution);
  const signature = await signSeedCommitment(market.wallet(verifier), { ...domain, commitment });
  return { contribution, commitment, signature };
}

/**
 * Fixes a task's test seed after its reveal deadline (travels there): with one verifier by its
 * `TestSeed` signature; with several, `committers` commit (default: all), then `revealers`
 * reveal (default: all committers), then the seed is settled after the window if still needed.
 */
export async function fixSeed(
  market: Market,
  taskId: bigint,
  options: { committers?: readonly number[]; revealers?: readonly number[] } = {},
): Promise<string> {
  const task = await getTask(market.client(OWNER), { taskId });
  if ((await market.chain.now()) < task.revealDeadline) await travelTo(market, task.revealDeadline);
  const relayer = market.client(RELAYER);
  if (task.verifierCount === 1) {
    const signature = await signTestSeed(market.wallet(verifierOrder(market, task)[0]!), {
      chainId: 366n,
      contract: market.address,
      taskId,
      revealsDigest: task.revealsDigest,
    });
    return (await fixTestSeed(relayer, { taskId, signature })).testSeed;
  }
  const order = verifierOrder(market, task);
  const committers = options.committers ?? order;
  const material = new Map<number, Awaited<ReturnType<typeof seedMaterial>>>();
  for (const v of committers) {
    const m = await seedMaterial(market, taskId, v);
    material.set(v, m);
    await commitSeed(relayer, { taskId, commitment: m.commitment, signature: m.signature });
  }
  if (committers.length < order.length) await travelTo(market, task.seedCommitDeadline);
  for (const v of options.revealers ?? committers) {
    await revealSeed(relayer, {
      taskId,
      verifierIndex: order.indexOf(v),
      contribution: material.get(v)!.contribution,
    });
  }
  const after = await getTaskView(market.client(OWNER), { taskId });
  if (after.testSeed !== ZeroHash) return after.testSeed;
  await travelTo(market, task.seedRevealDeadline);
  return (await settleSeed(relayer, { taskId })).testSeed;
}

/** Signatures of `score` for an entry by the given verifier accounts (default: VERIFIER). */
export async function scoreSignatures(
  market: Market,
  taskId: bigint,
  entry: Pick<Entry, 'submissionId' | 'resultCid'>,
  score: bigint,
  options: {
    signers?: readonly number[];
    chainId?: bigint;
    contract?: string;
    testSeed?: string;
  } = {},
): Promise<string[]> {
  const testSeed =
    options.testSeed ?? (await getTaskView(market.client(OWNER), { taskId })).testSeed;
  return Promise.all(
    (options.signers ?? [VERIFIER]).map((signer) =>
      signScore(market.wallet(signer), {
        chainId: options.chainId ?? 366n,
        contract: options.contract ?? market.address,
        taskId,
        submissionId: entry.submissionId,
        resultCid: entry.resultCid,
        score,
        testSeed,
      }),
    ),
  );
}

/** Relays `score` for an entry signed by `signers` (default: VERIFIER), from the relayer. */
export async function recordEntryScore(
  market: Market,
  taskId: bigint,
  entry: Entry,
  score: bigint,
  signers?: readonly number[],
): Promise<Awaited<ReturnType<typeof recordScore>>> {
  return recordScore(market.client(RELAYER), {
    taskId,
    submissionId: entry.submissionId,
    score,
    signatures: await scoreSignatures(market, taskId, entry, score, { signers }),
    solver: market.wallet(entry.solver).address,
    resultCid: entry.resultCid,
  });
}

/** Verifier account addresses, sorted as a task stores them. */
export function sortedVerifiers(market: Market, indices: readonly number[]): string[] {
  return sortVerifiers(indices.map((i) => market.wallet(i).address));
}

/**
 * Sends many TaskMarket calls at once, signed locally and mined in a few blocks (fast set-up of
 * crowded tasks); checks that every one succeeded. Calls of one account keep their order.
 */
export async function sendBatch(
  market: Market,
  calls: readonly {
    from: number;
    functionName: string;
    args: readonly unknown[];
    value?: bigint;
  }[],
  gasLimit = 300_000n,
): Promise<TransactionReceipt[]> {
  const provider = market.chain.provider;
  const gasPrice = BigInt((await provider.send('eth_gasPrice', [])) as string);
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
        value: call.value ?? 0n,
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
