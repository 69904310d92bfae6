import { type CidInput, cidToBytes } from '../cid.js';
import type { MarketClient } from '../client.js';
import type { MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type TxOverrides, type TxResult, sendMarketTx } from '../send.js';

/** Parameters of {@link reveal}. */
export interface RevealParameters {
  taskId: bigint | number;
  submissionId: bigint | number;
  /** The CID committed to. */
  resultCid: CidInput;
  /** The salt `commit` returned. */
  salt: string;
  overrides?: TxOverrides;
}

/** What {@link reveal} returns. */
export interface RevealReturnType extends TxResult {
  /** The task's test seed when this reveal fixed it (the first reveal), else `undefined`. */
  testSeed: string | undefined;
}

/** Errors {@link reveal} throws (e.g. `RevealWindowNotOpen`, `CommitmentMismatch`). */
export type RevealErrorType = MarketError;

/**
 * Reveals a committed result once the commit window has closed.
 *
 * @example
 * await reveal(client, { taskId, submissionId, resultCid, salt });
 */
export async function reveal(
  client: MarketClient,
  params: RevealParameters,
): Promise<RevealReturnType> {
  const result = await sendMarketTx(
    client,
    'reveal',
    [BigInt(params.taskId), BigInt(params.submissionId), cidToBytes(params.resultCid), params.salt],
    { overrides: params.overrides },
  );
  return { ...result, testSeed: eventsNamed(result.events, 'TestSeedFixed')[0]?.args.testSeed };
}
