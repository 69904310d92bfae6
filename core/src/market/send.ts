import type { Provider, TransactionReceipt } from 'ethers';
import type { MarketClient } from './client.js';
import { toMarketError } from './contract-error.js';
import { MarketInputError, MarketTransactionError } from './errors.js';
import { type TaskMarketEvent, receiptEvents } from './events.js';

/** Per-transaction settings every action accepts. */
export interface TxOverrides {
  /** Gas price in wei; default: the network's, at least the chain's minimum. */
  gasPrice?: bigint;
  gasLimit?: bigint;
  nonce?: number;
}

/** What every sending action returns, besides its own fields. */
export interface TxResult {
  /** Transaction hash. */
  hash: string;
  receipt: TransactionReceipt;
  /** The TaskMarket events the transaction emitted. */
  events: TaskMarketEvent[];
}

/**
 * Sends a TaskMarket transaction and waits for its receipt. Transactions are legacy (type 0)
 * with the chain's minimum gas price when the client's chain has one (Theta).
 */
export async function sendMarketTx(
  client: MarketClient,
  functionName: string,
  args: readonly unknown[],
  options: { value?: bigint; overrides?: TxOverrides } = {},
): Promise<TxResult> {
  if (!client.signer) {
    throw new MarketInputError(
      `${functionName} sends a transaction: create the client with a signer`,
    );
  }
  const tx: Record<string, unknown> = {};
  if (options.value !== undefined) tx.value = options.value;
  const o = options.overrides ?? {};
  if (o.gasLimit !== undefined) tx.gasLimit = o.gasLimit;
  if (o.nonce !== undefined) tx.nonce = o.nonce;
  try {
    const minGasPrice = client.chain?.minGasPrice;
    if (o.gasPrice !== undefined || minGasPrice !== undefined) {
      let gasPrice = o.gasPrice;
      if (gasPrice === undefined) {
        const network = (await client.provider.getFeeData()).gasPrice ?? 0n;
        gasPrice = network > minGasPrice! ? network : minGasPrice!;
      }
      tx.type = 0;
      tx.gasPrice = gasPrice;
    }
    const response = await client.contract.getFunction(functionName).send(...args, tx);
    const receipt = await response.wait();
    if (!receipt)
      throw new MarketTransactionError(`${functionName}: no receipt for ${response.hash}`);
    return { hash: response.hash, receipt, events: receiptEvents(client, receipt) };
  } catch (err) {
    throw toMarketError(err, functionName);
  }
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

/** Options of {@link waitForReceipt}. */
export interface WaitForReceiptOptions {
  /** Longest pause between polls (default 500 ms); polls start fast and back off to it. */
  maxPollMs?: number;
  /** Give up after this long (default 10 minutes). */
  timeoutMs?: number;
}

/**
 * Polls for a transaction's receipt. Unlike ethers' `wait()` it does not depend on block
 * events, so it also works on a local chain after `evm_revert` moved the block number back.
 */
export async function waitForReceipt(
  provider: Provider,
  hash: string,
  options: WaitForReceiptOptions = {},
): Promise<TransactionReceipt> {
  const maxPollMs = options.maxPollMs ?? 500;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  for (let pause = 10; ; pause = Math.min(pause * 2, maxPollMs)) {
    const receipt = await provider.getTransactionReceipt(hash);
    if (receipt) return receipt;
    if (Date.now() > deadline) {
      throw new MarketTransactionError(`transaction ${hash} was not mined in time`);
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
