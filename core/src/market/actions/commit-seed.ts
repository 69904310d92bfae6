import type { MarketClient } from '../client.js';
import { MarketInputError, type MarketError } from '../errors.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { recoverSeedCommitmentSigner } from '../test-seed.js';
import { getTask } from './get-task.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link commitSeed}. */
export interface CommitSeedParameters extends MarketTxOptions {
  taskId: bigint | number;
  /** `seedContributionCommitment(contribution)`. */
  commitment: string;
  /** The verifier's EIP-712 `SeedCommitment(taskId, revealsDigest, commitment)` signature. */
  signature: string;
  /** The committing verifier's index; default: recovered from the signature. */
  verifierIndex?: number;
}

/** What {@link commitSeed} returns. */
export interface CommitSeedReturnType extends TxResult {
  verifierIndex: number;
}

/** Errors {@link commitSeed} throws (e.g. `SeedCommitClosed`, `SeedAlreadyCommitted`, `InvalidSeedSignature`). */
export type CommitSeedErrorType = MarketError;

/**
 * Relays a verifier's signed commitment to its seed contribution (tasks with several verifiers),
 * during the first half of the seed window.
 *
 * @example
 * await commitSeed(anyClient, { taskId, commitment, signature });
 */
export async function commitSeed(
  client: MarketClient,
  params: CommitSeedParameters,
): Promise<CommitSeedReturnType> {
  const task = await getTask(client, { taskId: params.taskId });
  let verifierIndex = params.verifierIndex;
  if (verifierIndex === undefined) {
    const chainId = client.chain?.id ?? (await client.provider.getNetwork()).chainId;
    let signer: string;
    try {
      signer = recoverSeedCommitmentSigner(
        {
          chainId,
          contract: client.address,
          taskId: task.id,
          revealsDigest: task.revealsDigest,
          commitment: params.commitment,
        },
        params.signature,
      );
    } catch (err) {
      throw new MarketInputError('the seed commitment signature is malformed', { cause: err });
    }
    verifierIndex = task.verifiers.indexOf(signer);
    if (verifierIndex < 0) {
      throw new MarketInputError(
        `the seed commitment is signed by ${signer}, not a verifier of task ${task.id} (or for another reveals digest)`,
      );
    }
  }
  const result = await sendMarketTx(
    client,
    'commitSeed',
    [task.id, task.verifiers, verifierIndex, params.commitment, params.signature],
    txOptions(params),
  );
  return { ...result, verifierIndex };
}
