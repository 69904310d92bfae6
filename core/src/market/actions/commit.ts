import type { CidInput } from '../cid.js';
import type { MarketClient } from '../client.js';
import { computeCommitment, randomSalt } from '../commitment.js';
import { MarketInputError, type MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { getTaskView } from './get-task-view.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link commit}. */
export interface CommitParameters extends MarketTxOptions {
  taskId: bigint | number;
  /** The result bundle's CID; stays hidden until `reveal` (the bundle need not be public yet). */
  resultCid: CidInput;
  /** 32 bytes of 0x-hex; default: fresh random bytes. */
  salt?: string;
  /** The task's commit bond in wei, sent with the commit; default: read from the chain. */
  commitBond?: bigint;
}

/** What {@link commit} returns; keep `salt` (and the CID) to reveal later. */
export interface CommitReturnType extends TxResult {
  submissionId: bigint;
  commitment: string;
  salt: string;
}

/** Errors {@link commit} throws (e.g. `CommitWindowClosed`, `WrongBond`). */
export type CommitErrorType = MarketError;

/**
 * Commits to a result without disclosing it: computes the commitment for the signer's address
 * with a random salt, sends it with the task's commit bond, and returns the salt needed by `reveal`.
 * Persist the salt before sending (pass it in, or record it in `onSigned`).
 *
 * @example
 * const salt = randomSalt(); // persist { taskId, resultCid, salt } first
 * const { submissionId } = await commit(client, { taskId, resultCid, salt });
 */
export async function commit(
  client: MarketClient,
  params: CommitParameters,
): Promise<CommitReturnType> {
  if (!client.signer)
    throw new MarketInputError('commit sends a transaction: create the client with a signer');
  const salt = params.salt ?? randomSalt();
  const [solver, chainId, commitBond] = await Promise.all([
    client.signer.getAddress(),
    client.chain ? BigInt(client.chain.id) : client.provider.getNetwork().then((n) => n.chainId),
    params.commitBond ?? getTaskView(client, { taskId: params.taskId }).then((t) => t.commitBond),
  ]);
  const commitment = computeCommitment({
    chainId,
    contract: client.address,
    taskId: params.taskId,
    solver,
    resultCid: params.resultCid,
    salt,
  });
  const result = await sendMarketTx(client, 'commit', [BigInt(params.taskId), commitment], {
    value: commitBond,
    ...txOptions(params),
  });
  const committed = eventsNamed(result.events, 'SolutionCommitted')[0];
  if (!committed) throw new MarketInputError(`commit ${result.hash}: no SolutionCommitted event`);
  return { ...result, submissionId: committed.args.submissionId, commitment, salt };
}
