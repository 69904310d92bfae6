/**
 * The runner's TaskMarket transactions as sign, write down, broadcast, settle. Core's market
 * client signs (a legacy transaction at `marketGasPrice`: the node's price, never under the
 * chain's minimum) and hands the signed transaction over before broadcasting it, so its hash and
 * nonce are recorded before any node sees it; settling it later needs only that record. The only
 * module of the runner that sends.
 */
import { Transaction, type JsonRpcProvider, type Signer } from 'ethers';
import { submitMarketTx, type MarketClient } from '@tem/core/market';
import type { SentTx } from '../state/index.js';
import { isNonceTaken } from './nonce-taken.js';

/** What sending needs: the account, its node, the contract. */
export interface TxAccount {
  provider: JsonRpcProvider;
  wallet: Signer;
  address: string;
  chainId: number;
  market: MarketClient;
}

/** A TaskMarket function call (and the wei it sends, e.g. a commit bond). */
export interface MarketCall {
  functionName: string;
  args: readonly unknown[];
  value?: bigint;
}

/** A signed transaction, as recorded before its broadcast. */
export type SignedTx = Pick<SentTx, 'hash' | 'nonce' | 'raw' | 'gasPrice'>;

/** How a recorded send went: broadcast, or recorded but refused by the node on broadcast. */
export type SendOutcome =
  | { kind: 'broadcast'; signed: SignedTx }
  /** Recorded, then the broadcast failed: settling sends the same bytes again. */
  | { kind: 'recorded'; signed: SignedTx; error: unknown };

/**
 * Signs `call` with `nonce`, awaits `record(signed)` (write it down there), then broadcasts it.
 * Throws core's market errors when nothing was signed (the node refused the estimate: a
 * `TaskMarketContractError`, or `MarketRevertWithoutDataError` on Theta): then nothing was sent.
 */
export async function sendRecordedTx(
  account: TxAccount,
  call: MarketCall,
  nonce: number,
  record: (signed: SignedTx) => Promise<void>,
): Promise<SendOutcome> {
  let signed: SignedTx | undefined;
  try {
    await submitMarketTx(account.market, call.functionName, call.args, {
      ...(call.value !== undefined ? { value: call.value } : {}),
      overrides: { nonce },
      onSigned: async (tx) => {
        if (!tx.raw) throw new Error(`${call.functionName}: the signer did not sign locally`);
        const gasPrice = Transaction.from(tx.raw).gasPrice ?? 0n;
        const written = {
          hash: tx.hash,
          nonce: tx.nonce,
          raw: tx.raw,
          gasPrice: gasPrice.toString(),
        };
        await record(written);
        signed = written;
      },
    });
  } catch (error) {
    if (signed === undefined) throw error;
    return { kind: 'recorded', signed, error };
  }
  return { kind: 'broadcast', signed: signed! };
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

/**
 * The account's transaction count in the latest block: read at that block's explicit height, since
 * Theta's adaptor answers `latest` and `pending` counts from its screened view, which already
 * counts transactions waiting to be mined.
 */
export async function confirmedNonce(
  account: Pick<TxAccount, 'provider' | 'address'>,
): Promise<number> {
  const height = await account.provider.getBlockNumber();
  return account.provider.getTransactionCount(account.address, height);
}

/**
 * The nonce for a new transaction: the lowest one at or above the confirmed count that none of
 * the runner's own unsettled transactions holds. Never the node's `pending` count: it says
 * nothing of transactions a node has lost, which the runner will send again.
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
