import type { MarketClient } from '../client.js';
import { callMarketView } from '../send.js';

/** Where a submission stands on chain. */
export type SubmissionState = 'none' | 'committed' | 'revealed';

const STATES: readonly SubmissionState[] = ['none', 'committed', 'revealed'];

/** Parameters of {@link getSubmissionState}. */
export interface GetSubmissionStateParameters {
  taskId: bigint | number;
  submissionId: bigint | number;
}

/**
 * One `eth_call`: whether a submission is committed or revealed (no event scan), e.g. to check
 * after a restart whether one's own reveal landed.
 *
 * @example
 * if ((await getSubmissionState(client, { taskId, submissionId })) === 'revealed') { ... }
 */
export async function getSubmissionState(
  client: MarketClient,
  params: GetSubmissionStateParameters,
): Promise<SubmissionState> {
  const [state] = await callMarketView<[bigint, string]>(client, 'getSubmissionState', [
    BigInt(params.taskId),
    BigInt(params.submissionId),
  ]);
  return STATES[Number(state)] ?? 'none';
}
