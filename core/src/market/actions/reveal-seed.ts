import type { MarketClient } from '../client.js';
import type { MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link revealSeed}. */
export interface RevealSeedParameters extends MarketTxOptions {
  taskId: bigint | number;
  /** The verifier's index in the task's verifier set. */
  verifierIndex: number;
  /** The contribution it committed to (32 bytes, 0x-hex). */
  contribution: string;
}

/** What {@link revealSeed} returns. */
export interface RevealSeedReturnType extends TxResult {
  /** The test seed when this reveal fixed it (every committed contribution revealed), else undefined. */
  testSeed: string | undefined;
}

/** Errors {@link revealSeed} throws (e.g. `SeedRevealNotOpen`, `SeedRevealClosed`, `SeedContributionMismatch`). */
export type RevealSeedErrorType = MarketError;

/**
 * Reveals a verifier's seed contribution once seed commitments are closed (anyone may relay);
 * fixes the seed when it is the last committed contribution to be revealed.
 *
 * @example
 * const { testSeed } = await revealSeed(anyClient, { taskId, verifierIndex: 1, contribution });
 */
export async function revealSeed(
  client: MarketClient,
  params: RevealSeedParameters,
): Promise<RevealSeedReturnType> {
  const result = await sendMarketTx(
    client,
    'revealSeed',
    [BigInt(params.taskId), params.verifierIndex, params.contribution],
    txOptions(params),
  );
  return { ...result, testSeed: eventsNamed(result.events, 'TestSeedFixed')[0]?.args.testSeed };
}
