/**
 * Sending TaskMarket transactions in three steps that callers may also take one at a time:
 * sign (hash and nonce known before anything leaves the process), broadcast, wait. Every
 * transaction is legacy (type 0) with an explicit gas price, nonce and gas limit, so nothing calls
 * ethers' `getFeeData` (Theta's ETH-RPC adaptor has no `eth_maxPriorityFeePerGas`, and Theta's
 * ledger translates only legacy EIP-155 transactions).
 */
import {
  type Provider,
  type Signer,
  type TransactionReceipt,
  JsonRpcSigner,
  Transaction,
  getAddress,
} from 'ethers';
import { type MarketClient, taskMarketInterface } from './client.js';
import { toMarketError } from './contract-error.js';
import {
  MarketInputError,
  MarketReceiptTimeoutError,
  MarketTransactionError,
  MarketTransactionRevertedError,
} from './errors.js';
import { type TaskMarketEvent, receiptEvents } from './events.js';

/** Per-transaction settings every action accepts. */
export interface TxOverrides {
  /** Gas price in wei; default: {@link marketGasPrice}. */
  gasPrice?: bigint;
  /** Gas limit; default: the node's estimate plus a margin ({@link gasLimitFromEstimate}). */
  gasLimit?: bigint;
  /**
   * Nonce; default: the sender's `pending` transaction count. On Theta `pending` is the last
   * finalized state, so a caller that sends again before its previous transaction is finalized
   * must pass the next nonce itself.
   */
  nonce?: number;
}

/** A transaction that has been signed (and maybe broadcast) but not necessarily mined. */
export interface PendingMarketTx {
  hash: string;
  nonce: number;
  /** The sender. */
  from: string;
  /** The TaskMarket function called. */
  functionName: string;
  /** The signed transaction when it was signed locally: rebroadcast it if it is dropped. */
  raw?: string;
}

/** Options of {@link waitForMarketTx} and {@link waitForReceipt}. */
export interface WaitForReceiptOptions {
  /** Longest pause between polls (default 500 ms); polls start fast and back off to it. */
  maxPollMs?: number;
  /** Give up after this long (default 10 minutes) with {@link MarketReceiptTimeoutError}. */
  timeoutMs?: number;
}

/** Hooks and settings every sending action accepts. */
export interface MarketTxOptions {
  overrides?: TxOverrides;
  /**
   * Called after signing and before broadcasting, when the signer signs locally (an ethers
   * `Wallet`): record `hash` and `nonce` here, so that after a crash the caller waits for this
   * transaction (or replaces it by nonce) instead of sending another. Awaited.
   */
  onSigned?: (tx: PendingMarketTx) => void | Promise<void>;
  /** Called once the transaction is broadcast, before waiting for its receipt. Awaited. */
  onSent?: (tx: PendingMarketTx) => void | Promise<void>;
  /** How to wait for the receipt. */
  wait?: WaitForReceiptOptions;
}

/** What every sending action returns, besides its own fields. */
export interface TxResult {
  /** Transaction hash. */
  hash: string;
  receipt: TransactionReceipt;
  /** The TaskMarket events the transaction emitted. */
  events: TaskMarketEvent[];
}

/** Options of {@link submitMarketTx} and {@link sendMarketTx}. */
export interface SendMarketTxOptions extends MarketTxOptions {
  /** Wei to send with the call. */
  value?: bigint;
}

type RpcProvider = Provider & { send(method: string, params: unknown[]): Promise<unknown> };

const hasSend = (provider: Provider): provider is RpcProvider =>
  typeof (provider as Partial<RpcProvider>).send === 'function';

/**
 * The gas price of TaskMarket transactions: the override if given, else the node's `eth_gasPrice`
 * raised to the chain's minimum (4000 gwei on Theta). The one gas-price rule of the client; it never
 * asks for EIP-1559 fee data.
 *
 * @example
 * const gasPrice = await marketGasPrice(client); // legacy transactions only
 */
export async function marketGasPrice(
  client: Pick<MarketClient, 'provider' | 'chain'>,
  override?: bigint,
): Promise<bigint> {
  if (override !== undefined) return override;
  const minimum = client.chain?.minGasPrice ?? 0n;
  if (!hasSend(client.provider)) {
    if (minimum > 0n) return minimum;
    throw new MarketInputError('the provider cannot answer eth_gasPrice: pass overrides.gasPrice');
  }
  let network: bigint;
  try {
    network = BigInt((await client.provider.send('eth_gasPrice', [])) as string);
  } catch (err) {
    throw toMarketError(err, 'eth_gasPrice');
  }
  return network > minimum ? network : minimum;
}

/**
 * The gas limit sent for an estimate: 20% plus 25,000 more, because the estimate is taken on the
 * state before the transaction is mined (e.g. a score that becomes the best between estimate and
 * inclusion writes a storage slot more; Theta's adaptor already adds 10%).
 */
export function gasLimitFromEstimate(estimate: bigint): bigint {
  return estimate + estimate / 5n + 25_000n;
}

/** Signers that sign raw transactions themselves (ethers `Wallet`, `HDNodeWallet`), unlike wallets behind JSON-RPC. */
function signsLocally(signer: Signer): boolean {
  return !(signer instanceof JsonRpcSigner) && typeof signer.signTransaction === 'function';
}

/** A fully specified legacy transaction for {@link sendLegacyTransaction}. */
export interface LegacyTransactionRequest {
  /** Recipient; omitted for a contract creation. */
  to?: string;
  data: string;
  value?: bigint;
  /** What the transaction does, for errors and hooks (e.g. a contract function name). */
  label: string;
  overrides?: TxOverrides;
  onSigned?: MarketTxOptions['onSigned'];
  onSent?: MarketTxOptions['onSent'];
}

/**
 * Signs and broadcasts one legacy (type-0) transaction with explicit nonce, gas price
 * ({@link marketGasPrice}) and gas limit (estimate plus margin), without waiting. A signer that signs
 * locally (ethers `Wallet`) signs first, so `onSigned` sees hash and nonce before broadcast; a
 * JSON-RPC wallet (`JsonRpcSigner`, e.g. a browser wallet) signs and sends in one step.
 */
export async function sendLegacyTransaction(
  client: Pick<MarketClient, 'provider' | 'signer' | 'chain'>,
  tx: LegacyTransactionRequest,
): Promise<PendingMarketTx> {
  const signer = client.signer;
  const label = tx.label;
  if (!signer) {
    throw new MarketInputError(`${label} sends a transaction: create the client with a signer`);
  }
  const o = tx.overrides ?? {};
  const value = tx.value ?? 0n;
  const to = tx.to === undefined ? undefined : getAddress(tx.to);
  let request: {
    type: 0;
    to?: string;
    from: string;
    data: string;
    value: bigint;
    nonce: number;
    gasLimit: bigint;
    gasPrice: bigint;
    chainId: bigint;
  };
  try {
    const from = getAddress(await signer.getAddress());
    const [nonce, gasPrice, gasLimit, chainId] = await Promise.all([
      o.nonce ?? client.provider.getTransactionCount(from, 'pending'),
      marketGasPrice(client, o.gasPrice),
      o.gasLimit ??
        client.provider.estimateGas({ from, to, data: tx.data, value }).then(gasLimitFromEstimate),
      client.chain ? BigInt(client.chain.id) : client.provider.getNetwork().then((n) => n.chainId),
    ]);
    request = { type: 0, from, data: tx.data, value, nonce, gasLimit, gasPrice, chainId };
    if (to !== undefined) request.to = to;
  } catch (err) {
    throw toMarketError(err, label);
  }

  if (signsLocally(signer)) {
    let raw: string;
    try {
      const { from: _from, ...unsigned } = request;
      raw = await signer.signTransaction(unsigned);
    } catch (err) {
      throw toMarketError(err, label);
    }
    const pending: PendingMarketTx = {
      hash: Transaction.from(raw).hash!,
      nonce: request.nonce,
      from: request.from,
      functionName: label,
      raw,
    };
    await tx.onSigned?.(pending);
    try {
      if (hasSend(client.provider)) {
        await client.provider.send('eth_sendRawTransaction', [raw]);
      } else {
        await client.provider.broadcastTransaction(raw);
      }
    } catch (err) {
      throw toMarketError(err, label);
    }
    await tx.onSent?.(pending);
    return pending;
  }

  let hash: string;
  try {
    hash =
      signer instanceof JsonRpcSigner
        ? await signer.sendUncheckedTransaction(request)
        : (await signer.sendTransaction(request)).hash;
  } catch (err) {
    throw toMarketError(err, label);
  }
  const pending: PendingMarketTx = {
    hash,
    nonce: request.nonce,
    from: request.from,
    functionName: label,
  };
  await tx.onSent?.(pending);
  return pending;
}

/**
 * Signs and broadcasts a TaskMarket transaction without waiting for it to be mined. Reverts found
 * while estimating gas come back as typed errors (`TaskMarketContractError` when the node returns
 * revert data, `MarketRevertWithoutDataError` when it does not, as on Theta).
 *
 * @example
 * const pending = await submitMarketTx(client, 'finalize', [taskId], {
 *   onSigned: (tx) => state.save({ hash: tx.hash, nonce: tx.nonce }),
 * });
 * const { events } = await waitForMarketTx(client, pending);
 */
export async function submitMarketTx(
  client: MarketClient,
  functionName: string,
  args: readonly unknown[],
  options: SendMarketTxOptions = {},
): Promise<PendingMarketTx> {
  let data: string;
  try {
    data = taskMarketInterface.encodeFunctionData(functionName, args);
  } catch (err) {
    throw new MarketInputError(`${functionName}: bad arguments`, { cause: err });
  }
  return sendLegacyTransaction(client, {
    to: client.address,
    data,
    value: options.value,
    label: functionName,
    overrides: options.overrides,
    onSigned: options.onSigned,
    onSent: options.onSent,
  });
}

/**
 * Waits for a TaskMarket transaction and decodes its events; throws
 * {@link MarketTransactionRevertedError} when it was mined but failed. Works after a restart with
 * just the hash that {@link MarketTxOptions.onSigned} recorded.
 *
 * @example
 * const { events } = await waitForMarketTx(client, savedHash);
 * const committed = eventsNamed(events, 'SolutionCommitted')[0];
 */
export async function waitForMarketTx(
  client: MarketClient,
  tx: string | Pick<PendingMarketTx, 'hash' | 'functionName'>,
  options: WaitForReceiptOptions = {},
): Promise<TxResult> {
  const hash = typeof tx === 'string' ? tx : tx.hash;
  const receipt = await waitForReceipt(client.provider, hash, options);
  if (receipt.status !== 1) {
    throw new MarketTransactionRevertedError(
      hash,
      receipt.blockNumber,
      typeof tx === 'string' ? undefined : tx.functionName,
    );
  }
  return { hash, receipt, events: receiptEvents(client, receipt) };
}

/**
 * Signs, broadcasts and waits: the convenience every action uses.
 *
 * @example
 * const { events } = await sendMarketTx(client, 'cancel', [taskId]);
 */
export async function sendMarketTx(
  client: MarketClient,
  functionName: string,
  args: readonly unknown[],
  options: SendMarketTxOptions = {},
): Promise<TxResult> {
  const pending = await submitMarketTx(client, functionName, args, options);
  return waitForMarketTx(client, pending, options.wait);
}

/** Calls a TaskMarket view and maps failures to typed errors. */
export async function callMarketView<T>(
  client: MarketClient,
  functionName: string,
  args: readonly unknown[],
): Promise<T> {
  try {
    return (await client.contract.getFunction(functionName).staticCall(...args)) as T;
  } catch (err) {
    throw toMarketError(err, functionName);
  }
}

const ZERO_HASH = /^0x0*$/;

/**
 * Whether a raw `eth_getTransactionReceipt` answer means "not mined yet": `null`, or the
 * zero-filled receipt Theta's ETH-RPC adaptor returns after about 30 s for a transaction it does
 * not know (block hash, transaction hash and block number all zero).
 */
export function isUnminedReceipt(raw: unknown): boolean {
  if (raw === null || raw === undefined) return true;
  const r = raw as { blockHash?: unknown; transactionHash?: unknown; blockNumber?: unknown };
  const zero = (v: unknown) => v === undefined || v === null || ZERO_HASH.test(String(v));
  return zero(r.blockHash) || zero(r.transactionHash) || zero(r.blockNumber);
}

/**
 * Polls for a transaction's receipt until it is mined. Recognises Theta's zero-filled receipt as
 * "not mined yet", and does not depend on block events, so it also works on a local chain after
 * `evm_revert` moved the block number back.
 */
export async function waitForReceipt(
  provider: Provider,
  hash: string,
  options: WaitForReceiptOptions = {},
): Promise<TransactionReceipt> {
  const maxPollMs = options.maxPollMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const deadline = Date.now() + timeoutMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, maxPollMs)) {
    const receipt = await fetchMinedReceipt(provider, hash);
    if (receipt) return receipt;
    if (Date.now() > deadline) throw new MarketReceiptTimeoutError(hash, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

async function fetchMinedReceipt(
  provider: Provider,
  hash: string,
): Promise<TransactionReceipt | null> {
  try {
    if (hasSend(provider)) {
      // Look at the raw answer first: ethers cannot parse Theta's zero-filled receipt (logs: null).
      if (isUnminedReceipt(await provider.send('eth_getTransactionReceipt', [hash]))) return null;
    }
    const receipt = await provider.getTransactionReceipt(hash);
    return receipt && receipt.blockNumber > 0 && !ZERO_HASH.test(receipt.blockHash)
      ? receipt
      : null;
  } catch (err) {
    throw new MarketTransactionError(`cannot read the receipt of ${hash}`, { cause: err });
  }
}
