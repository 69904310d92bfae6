import type { MarketClient } from '../client.js';
import type { MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link fund}. */
export interface FundParameters extends MarketTxOptions {
  taskId: bigint | number;
  /** Wei to add to the bounty (more than 0). */
  amount: bigint;
}

/** What {@link fund} returns. */
export interface FundReturnType extends TxResult {
  /** The task's bounty after funding. */
  bounty: bigint;
}

/** Errors {@link fund} throws (e.g. `FundingClosed`, `ZeroValue`). */
export type FundErrorType = MarketError;

/**
 * Adds to a task's bounty before its commit deadline (a gift: refunds go to the owner).
 *
 * @example
 * await fund(client, { taskId: 1n, amount: 10n ** 17n });
 */
export async function fund(client: MarketClient, params: FundParameters): Promise<FundReturnType> {
  const result = await sendMarketTx(client, 'fund', [BigInt(params.taskId)], {
    value: params.amount,
    ...txOptions(params),
  });
  const funded = eventsNamed(result.events, 'TaskFunded')[0];
  return { ...result, bounty: funded?.args.bounty ?? 0n };
}
