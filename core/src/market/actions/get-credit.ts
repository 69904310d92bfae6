import type { MarketClient } from '../client.js';
import { callMarketView } from '../send.js';

/** Parameters of {@link getCredit}. */
export interface GetCreditParameters {
  account: string;
}

/**
 * Wei that `account` can withdraw (winnings, refunds, bonds its address refused).
 *
 * @example
 * const credit = await getCredit(client, { account });
 */
export async function getCredit(
  client: MarketClient,
  params: GetCreditParameters,
): Promise<bigint> {
  return callMarketView<bigint>(client, 'creditOf', [params.account]);
}
