import type { CidInput } from '../cid.js';
import type { MarketClient } from '../client.js';
import { computeCommitment, randomSalt } from '../commitment.js';
import { MarketInputError, type MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type TxOverrides, type TxResult, sendMarketTx } from '../send.js';

/** Parameters of {@link commit}. */
export interface CommitParameters {
  taskId: bigint | number;
  /** The result bundle's CID; stays hidden until `reveal`. */
  resultCid: CidInput;
  /** 32 bytes of 0x-hex; default: fresh random bytes. */
  salt?: string;
  overrides?: TxOverrides;
}

/** What {@link commit} returns; keep `salt` (and the CID) to reveal later. */
export interface CommitReturnType extends TxResult {
  submissionId: bigint;
  commitment: string;
  salt: string;
}

/** Errors {@link commit} throws (e.g. `CommitWindowClosed`). */
export type CommitErrorType = MarketError;

/**
 * Commits to a result without disclosing it: computes the commitment for the signer's address
 * with a random salt, sends it, and returns the salt needed by `reveal`.
 *
 * @example
 * const { submissionId, salt } = await commit(client, { taskId, resultCid });
 * // persist { taskId, submissionId, resultCid, salt } before anything else
 */
export async function commit(
  client: MarketClient,
  params: CommitParameters,
): Promise<CommitReturnType> {
  if (!client.signer)
    throw new MarketInputError('commit sends a transaction: create the client with a signer');
  const salt = params.salt ?? randomSalt();
  const [solver, network] = await Promise.all([
    client.signer.getAddress(),
    client.provider.getNetwork(),
  ]);
  const commitment = computeCommitment({
    chainId: network.chainId,
    contract: client.address,
    taskId: params.taskId,
    solver,
    resultCid: params.resultCid,
    salt,
  });
  const result = await sendMarketTx(client, 'commit', [BigInt(params.taskId), commitment], {
    overrides: params.overrides,
  });
  const committed = eventsNamed(result.events, 'SolutionCommitted')[0];
  if (!committed) throw new MarketInputError(`commit ${result.hash}: no SolutionCommitted event`);
  return { ...result, submissionId: committed.args.submissionId, commitment, salt };
}
