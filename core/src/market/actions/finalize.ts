import { ZeroAddress } from 'ethers';
import type { MarketClient } from '../client.js';
import type { MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link finalize}. */
export interface FinalizeParameters extends MarketTxOptions {
  taskId: bigint | number;
}

/** What {@link finalize} returns. */
export interface FinalizeReturnType extends TxResult {
  /** The winning submission, 0 when the owner was refunded. */
  winningSubmissionId: bigint;
  /** Who was credited. */
  payee: string;
  /** Wei credited: the bounty plus forfeited bonds. */
  amount: bigint;
  /** Bonds of commitments never revealed, included in `amount`. */
  forfeitedBonds: bigint;
}

/** Errors {@link finalize} throws (e.g. `ScoringNotOver`, `TaskNotOpen`). */
export type FinalizeErrorType = MarketError;

/**
 * Finalizes a task after its scoring deadline (anyone may): credits the winner or refunds the owner.
 *
 * @example
 * const { payee, amount } = await finalize(client, { taskId });
 */
export async function finalize(
  client: MarketClient,
  params: FinalizeParameters,
): Promise<FinalizeReturnType> {
  const result = await sendMarketTx(client, 'finalize', [BigInt(params.taskId)], txOptions(params));
  const finalized = eventsNamed(result.events, 'TaskFinalized')[0];
  return {
    ...result,
    winningSubmissionId: finalized?.args.winningSubmissionId ?? 0n,
    payee: finalized?.args.payee ?? ZeroAddress,
    amount: finalized?.args.amount ?? 0n,
    forfeitedBonds: finalized?.args.forfeitedBonds ?? 0n,
  };
}
