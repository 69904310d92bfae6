import type { MarketClient } from '../client.js';
import type { MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link withdraw}. */
export type WithdrawParameters = MarketTxOptions;

/** What {@link withdraw} returns. */
export interface WithdrawReturnType extends TxResult {
  /** Wei sent to the signer. */
  amount: bigint;
}

/** Errors {@link withdraw} throws (e.g. `NothingToWithdraw`, `WithdrawFailed`). */
export type WithdrawErrorType = MarketError;

/**
 * Withdraws all of the signer's credit (winnings, refunds, refused bonds) to the signer.
 *
 * @example
 * const { amount } = await withdraw(client);
 */
export async function withdraw(
  client: MarketClient,
  params: WithdrawParameters = {},
): Promise<WithdrawReturnType> {
  const result = await sendMarketTx(client, 'withdraw', [], txOptions(params));
  return { ...result, amount: eventsNamed(result.events, 'Withdrawn')[0]?.args.amount ?? 0n };
}
