import type { MarketClient } from '../client.js';
import type { MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { getTaskCreation } from './get-task-creation.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link fixTestSeed}. */
export interface FixTestSeedParameters extends MarketTxOptions {
  taskId: bigint | number;
  /** The verifier's EIP-712 `TestSeed(taskId, revealsDigest)` signature (see `signTestSeed`). */
  signature: string;
  /** The task's verifier set (one address); default: from its creation event. */
  verifiers?: readonly string[];
}

/** What {@link fixTestSeed} returns. */
export interface FixTestSeedReturnType extends TxResult {
  testSeed: string;
}

/**
 * Errors {@link fixTestSeed} throws (e.g. `SeedWindowNotOpen`, `TestSeedAlreadyFixed`,
 * `InvalidSeedSignature`, `WrongSeedProcedure` for a task with several verifiers).
 */
export type FixTestSeedErrorType = MarketError;

/**
 * Fixes the test seed of a one-verifier task after its reveal deadline by relaying the verifier's
 * `TestSeed` signature (anyone may).
 *
 * @example
 * const { revealsDigest } = await getTaskView(client, { taskId });
 * const signature = await signTestSeed(verifier, { chainId, contract, taskId, revealsDigest });
 * const { testSeed } = await fixTestSeed(client, { taskId, signature });
 */
export async function fixTestSeed(
  client: MarketClient,
  params: FixTestSeedParameters,
): Promise<FixTestSeedReturnType> {
  const verifiers =
    params.verifiers ?? (await getTaskCreation(client, { taskId: params.taskId })).verifiers;
  const result = await sendMarketTx(
    client,
    'fixTestSeed',
    [BigInt(params.taskId), verifiers, params.signature],
    txOptions(params),
  );
  return {
    ...result,
    testSeed: eventsNamed(result.events, 'TestSeedFixed')[0]?.args.testSeed ?? '',
  };
}
