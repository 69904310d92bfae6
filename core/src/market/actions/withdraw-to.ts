import { getAddress } from 'ethers';
import type { MarketClient } from '../client.js';
import { MarketInputError, type MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link withdrawTo}. */
export interface WithdrawToParameters extends MarketTxOptions {
  /** Where to send the signer's credit (not the zero address). */
  payee: string;
}

/** What {@link withdrawTo} returns. */
export interface WithdrawToReturnType extends TxResult {
  /** Wei sent to `payee`. */
  amount: bigint;
}

/** Errors {@link withdrawTo} throws (e.g. `NothingToWithdraw`, `ZeroPayee`, `WithdrawFailed`). */
export type WithdrawToErrorType = MarketError;

/**
 * Sends all of the signer's credit to another address: how a contract owner that cannot receive
 * TFuel (a DAO, a multisig module) gets its refund out.
 *
 * @example
 * await withdrawTo(client, { payee: treasury });
 */
export async function withdrawTo(
  client: MarketClient,
  params: WithdrawToParameters,
): Promise<WithdrawToReturnType> {
  let payee: string;
  try {
    payee = getAddress(params.payee);
  } catch (err) {
    throw new MarketInputError(`payee is not an address: ${JSON.stringify(params.payee)}`, {
      cause: err,
    });
  }
  const result = await sendMarketTx(client, 'withdrawTo', [payee], txOptions(params));
  return { ...result, amount: eventsNamed(result.events, 'Withdrawn')[0]?.args.amount ?? 0n };
}
