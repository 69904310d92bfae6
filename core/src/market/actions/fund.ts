import type { MarketClient } from '../client.js';
import type { MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type TxOverrides, type TxResult, sendMarketTx } from '../send.js';

/** Parameters of {@link fund}. */
export interface FundParameters {
  taskId: bigint | number;
  /** Wei to add to the bounty (more than 0). */
  amount: bigint;
  overrides?: TxOverrides;
}

/** What {@link fund} returns. */
export interface FundReturnType extends TxResult {
  /** The task's bounty after funding. */
  bounty: bigint;
}

/** Errors {@link fund} throws. */
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
    overrides: params.overrides,
  });
  const funded = eventsNamed(result.events, 'TaskFunded')[0];
  return { ...result, bounty: funded?.args.bounty ?? 0n };
}
