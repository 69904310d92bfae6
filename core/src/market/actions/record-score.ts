import type { MarketClient } from '../client.js';
import type { MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type TxOverrides, type TxResult, sendMarketTx } from '../send.js';

/** Parameters of {@link recordScore}. */
export interface RecordScoreParameters {
  taskId: bigint | number;
  submissionId: bigint | number;
  score: bigint | number;
  /** The verifier's EIP-712 signature (see `signScore`). */
  signature: string;
  overrides?: TxOverrides;
}

/** What {@link recordScore} returns. */
export interface RecordScoreReturnType extends TxResult {
  /** Whether the score became the task's best. */
  best: boolean;
}

/** Errors {@link recordScore} throws (e.g. `InvalidScoreSignature`, `ScoreAlreadyRecorded`). */
export type RecordScoreErrorType = MarketError;

/**
 * Relays a verifier-signed score; anyone may send it.
 *
 * @example
 * const signature = await signScore(verifier, { chainId, contract, taskId, submissionId, resultCid, score, testSeed });
 * await recordScore(client, { taskId, submissionId, score, signature });
 */
export async function recordScore(
  client: MarketClient,
  params: RecordScoreParameters,
): Promise<RecordScoreReturnType> {
  const result = await sendMarketTx(
    client,
    'recordScore',
    [BigInt(params.taskId), BigInt(params.submissionId), BigInt(params.score), params.signature],
    { overrides: params.overrides },
  );
  return { ...result, best: eventsNamed(result.events, 'ScoreRecorded')[0]?.args.best ?? false };
}
