import type { MarketClient } from '../client.js';
import type { MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link settleSeed}. */
export interface SettleSeedParameters extends MarketTxOptions {
  taskId: bigint | number;
}

/** What {@link settleSeed} returns. */
export interface SettleSeedReturnType extends TxResult {
  testSeed: string;
}

/** Errors {@link settleSeed} throws (e.g. `SeedRevealNotOver`, `SeedQuorumMissed`: the task will refund). */
export type SettleSeedErrorType = MarketError;

/**
 * After the seed window of a task with several verifiers, fixes the seed from the contributions
 * revealed (at least m); anyone may call it.
 *
 * @example
 * const { testSeed } = await settleSeed(anyClient, { taskId });
 */
export async function settleSeed(
  client: MarketClient,
  params: SettleSeedParameters,
): Promise<SettleSeedReturnType> {
  const result = await sendMarketTx(
    client,
    'settleSeed',
    [BigInt(params.taskId)],
    txOptions(params),
  );
  return {
    ...result,
    testSeed: eventsNamed(result.events, 'TestSeedFixed')[0]?.args.testSeed ?? '',
  };
}
