import type { MarketClient } from '../client.js';
import type { MarketError } from '../errors.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link cancel}. */
export interface CancelParameters extends MarketTxOptions {
  taskId: bigint | number;
}

/** What {@link cancel} returns. */
export type CancelReturnType = TxResult;

/** Errors {@link cancel} throws (e.g. `TaskHasCommits`, `NotTaskOwner`). */
export type CancelErrorType = MarketError;

/**
 * Cancels a task while nobody has committed; its bounty is credited to the owner (then `withdraw`).
 *
 * @example
 * await cancel(ownerClient, { taskId: 1n });
 */
export function cancel(client: MarketClient, params: CancelParameters): Promise<CancelReturnType> {
  return sendMarketTx(client, 'cancel', [BigInt(params.taskId)], txOptions(params));
}
