import { type CidInput, cidToBytes } from '../cid.js';
import type { MarketClient } from '../client.js';
import { MarketInputError, type MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link reveal}. */
export interface RevealParameters extends MarketTxOptions {
  taskId: bigint | number;
  submissionId: bigint | number;
  /** The CID committed to. */
  resultCid: CidInput;
  /** The salt `commit` used. */
  salt: string;
  /** The address that committed; default: the signer (anyone holding the preimage may reveal). */
  solver?: string;
}

/** What {@link reveal} returns. */
export interface RevealReturnType extends TxResult {
  /** The task's reveals digest after this reveal. */
  revealsDigest: string;
  /** Whether the commit bond came back by transfer (false: none, or credited for `withdraw`). */
  bondCredited: boolean;
}

/** Errors {@link reveal} throws (e.g. `RevealWindowNotOpen`, `CommitmentMismatch`, `AlreadyRevealed`). */
export type RevealErrorType = MarketError;

/**
 * Reveals a committed result once the commit window has closed; the commit bond comes back.
 *
 * @example
 * await reveal(client, { taskId, submissionId, resultCid, salt });
 */
export async function reveal(
  client: MarketClient,
  params: RevealParameters,
): Promise<RevealReturnType> {
  let solver = params.solver;
  if (solver === undefined) {
    if (!client.signer)
      throw new MarketInputError('reveal sends a transaction: create the client with a signer');
    solver = await client.signer.getAddress();
  }
  const result = await sendMarketTx(
    client,
    'reveal',
    [
      BigInt(params.taskId),
      BigInt(params.submissionId),
      solver,
      cidToBytes(params.resultCid),
      params.salt,
    ],
    txOptions(params),
  );
  const revealed = eventsNamed(result.events, 'SolutionRevealed')[0];
  return {
    ...result,
    revealsDigest: revealed?.args.revealsDigest ?? '',
    bondCredited: eventsNamed(result.events, 'Credited').length > 0,
  };
}
