/**
 * The runner's TaskMarket transactions as sign, write down, broadcast, settle: a transaction is
 * signed here, so its hash and nonce are known (and recorded by the caller) before any node sees
 * it, and settling it later needs only that record. The only module of the runner that sends.
 *
 * A thin layer over ethers and core's ABI until core's market actions split sending from waiting;
 * each function then maps onto one of core's.
 */
import { Transaction, type JsonRpcProvider, type Signer } from 'ethers';
import { taskMarketInterface, toMarketError, type MarketChain } from '@tem/core/market';
import type { SentTx } from '../state/index.js';
import { isNonceTaken } from './nonce-taken.js';

/** What sending needs: the account, its node, the contract. */
export interface TxAccount {
  provider: JsonRpcProvider;
  wallet: Signer;
  address: string;
  chainId: number;
  market: { address: string; chain: MarketChain | undefined };
}

/** A TaskMarket function call. */
export interface MarketCall {
  functionName: string;
  args: readonly unknown[];
}

/** A signed transaction, not yet broadcast. */
export type SignedTx = Pick<SentTx, 'hash' | 'nonce' | 'raw' | 'gasPrice'>;

/**
 * Gas limit over the node's estimate: state can change between the estimate and the block (a
 * reveal estimated behind another one can land first and fix the seed); unused gas is not paid.
 */
const GAS_HEADROOM_PERCENT = 125n;

/**
 * Signs `call` with `nonce` as a legacy transaction (Theta has no EIP-1559) at the node's gas
 * price, at least the chain's minimum. Throws core's market errors when the node refuses the
 * estimate: nothing has been sent then.
 */
export async function signMarketTx(
  account: TxAccount,
  call: MarketCall,
  nonce: number,
): Promise<SignedTx> {
  const data = taskMarketInterface.encodeFunctionData(call.functionName, call.args);
  let estimate: bigint;
  let nodePrice: bigint;
  try {
    [estimate, nodePrice] = await Promise.all([
      account.provider.estimateGas({ from: account.address, to: account.market.address, data }),
      account.provider.send('eth_gasPrice', []).then((hex: string) => BigInt(hex)),
    ]);
  } catch (error) {
    throw toMarketError(error, call.functionName);
  }
  const minimum = account.market.chain?.minGasPrice ?? 0n;
  const gasPrice = nodePrice > minimum ? nodePrice : minimum;
  const raw = await account.wallet.signTransaction({
    type: 0,
    chainId: account.chainId,
    nonce,
    to: account.market.address,
    data,
    value: 0n,
    gasLimit: (estimate * GAS_HEADROOM_PERCENT) / 100n,
    gasPrice,
  });
  const hash = Transaction.from(raw).hash;
  if (!hash) throw new Error(`${call.functionName}: the signed transaction has no hash`);
  return { hash, nonce, raw, gasPrice: gasPrice.toString() };
}

/**
 * Broadcasts a signed transaction: `accepted` when the node took it, `known` when the node
 * already has it or its nonce is used (mined, or held by another transaction); settling tells
 * which. Other refusals (no funds, a bad gas price, the network) are thrown.
 */
export async function broadcastTx(
  provider: JsonRpcProvider,
  raw: string,
): Promise<'accepted' | 'known'> {
  try {
    await provider.send('eth_sendRawTransaction', [raw]);
    return 'accepted';
  } catch (error) {
    if (isNonceTaken(error)) return 'known';
    throw error;
  }
}

/** The account's transaction count in the latest block the node treats as settled. */
export async function confirmedNonce(account: TxAccount): Promise<number> {
  return account.provider.getTransactionCount(account.address, 'latest');
}

/**
 * The nonce for a new transaction: the lowest one at or above the confirmed count that none of
 * the runner's own unsettled transactions holds. Never the node's `pending` count: Theta's
 * adaptor answers it from the last finalized block, without the mempool.
 */
export function nextNonce(confirmed: number, held: readonly number[]): number {
  const taken = new Set(held);
  let nonce = confirmed;
  while (taken.has(nonce)) nonce++;
  return nonce;
}

/** A mined transaction, from its receipt. */
export interface MinedTx {
  /** False when it reverted (Theta gives no reason; the chain is read again instead). */
  ok: boolean;
  /** Wei it cost: gas used times the gas price paid. */
  feeWei: bigint;
  blockNumber: number;
}

interface RawReceipt {
  blockHash?: string | null;
  blockNumber?: string | null;
  status?: string | null;
  gasUsed?: string | null;
  effectiveGasPrice?: string | null;
}

/**
 * The receipt of `hash`, or undefined while there is none: `null` on anvil and geth, a
 * zero-filled receipt (zero block hash) from Theta's adaptor after it waited about 30 s.
 */
export async function readMinedTx(
  provider: Pick<JsonRpcProvider, 'send'>,
  hash: string,
  gasPrice: bigint,
): Promise<MinedTx | undefined> {
  const receipt = (await provider.send('eth_getTransactionReceipt', [hash])) as RawReceipt | null;
  const blockHash = receipt?.blockHash;
  if (!receipt || !blockHash || /^0x0*$/.test(blockHash) || !receipt.gasUsed) return undefined;
  const price = receipt.effectiveGasPrice ? BigInt(receipt.effectiveGasPrice) : gasPrice;
  return {
    ok: receipt.status !== undefined && receipt.status !== null && BigInt(receipt.status) === 1n,
    feeWei: BigInt(receipt.gasUsed) * price,
    blockNumber: Number(BigInt(receipt.blockNumber ?? '0x0')),
  };
}

/** Where a recorded transaction stands. */
export type Settlement =
  | { kind: 'mined'; mined: MinedTx }
  /** Not mined yet. `resent`: the node had lost it and took the same bytes again. */
  | { kind: 'pending'; resent: boolean }
  /** Its nonce went to another transaction: it can never be mined. */
  | { kind: 'replaced' };

/**
 * Settles a recorded transaction. Once the confirmed count passes its nonce, its receipt says
 * whether it or another transaction took the nonce (no receipt is waited for before that, so
 * Theta's slow answer for a missing receipt is not paid while pending). Before, it is pending or
 * lost: with `rebroadcast`, the same signed bytes go to the node again, which takes them only
 * if it had lost them.
 */
export async function settleTx(
  account: TxAccount,
  sent: SentTx,
  options: { rebroadcast: boolean },
): Promise<Settlement> {
  const confirmed = await confirmedNonce(account);
  if (confirmed > sent.nonce) {
    const mined = await readMinedTx(account.provider, sent.hash, BigInt(sent.gasPrice));
    return mined ? { kind: 'mined', mined } : { kind: 'replaced' };
  }
  if (!options.rebroadcast) return { kind: 'pending', resent: false };
  const answer = await broadcastTx(account.provider, sent.raw);
  return { kind: 'pending', resent: answer === 'accepted' };
}
