import type { MarketClient } from '../client.js';
import type { MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type TxOverrides, type TxResult, sendMarketTx } from '../send.js';

/** Parameters of {@link withdraw}. */
export interface WithdrawParameters {
  overrides?: TxOverrides;
}

/** What {@link withdraw} returns. */
export interface WithdrawReturnType extends TxResult {
  /** Wei sent to the signer. */
  amount: bigint;
}

/** Errors {@link withdraw} throws (e.g. `NothingToWithdraw`). */
export type WithdrawErrorType = MarketError;

/**
 * Withdraws all of the signer's credit (winnings and refunds).
 *
 * @example
 * const { amount } = await withdraw(client);
 */
export async function withdraw(
  client: MarketClient,
  params: WithdrawParameters = {},
): Promise<WithdrawReturnType> {
  const result = await sendMarketTx(client, 'withdraw', [], { overrides: params.overrides });
  return { ...result, amount: eventsNamed(result.events, 'Withdrawn')[0]?.args.amount ?? 0n };
}
