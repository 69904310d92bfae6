/**
 * Seed material fetched from a task's verifiers and checked against the chain before anyone
 * relays it (anyone may): the `TestSeed` signature of a one-verifier task, the signed commitments
 * and then the contributions of the verifiers of a task with several.
 */
import {
  recoverSeedCommitmentSigner,
  recoverTestSeedSigner,
  seedContributionCommitment,
  type ScoreDomainParameters,
} from '@tem/core/market';
import { VerifierRequestError, requestSeed, seedUrlOf } from './verifier-api.js';
import type { TaskVerifierEndpoint } from './verifier-endpoints.js';
import type { TaskBoard } from './task-board.js';

/** A verifier's seed material could not be used; says which verifier and why. */
export class SeedMaterialError extends Error {
  override name = 'SeedMaterialError';
  constructor(
    readonly verifier: string,
    readonly reason: string,
  ) {
    super(`verifier ${verifier}: ${reason}`);
  }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

async function ask(endpoint: TaskVerifierEndpoint, taskId: bigint) {
  if (!endpoint.url) {
    throw new SeedMaterialError(endpoint.address, 'this site knows no endpoint for it');
  }
  try {
    return await requestSeed(seedUrlOf(endpoint.url), taskId);
  } catch (error) {
    if (error instanceof VerifierRequestError) {
      throw new SeedMaterialError(endpoint.address, error.detail);
    }
    throw error;
  }
}

/** A one-verifier task's `TestSeed` signature over the digest on chain, checked. */
export async function fetchTestSeedSignature(
  domain: ScoreDomainParameters,
  board: TaskBoard,
  endpoint: TaskVerifierEndpoint,
): Promise<string> {
  const { task } = board;
  const { testSeedSignature: signature } = await ask(endpoint, task.id);
  if (!signature) throw new SeedMaterialError(endpoint.address, 'it sent no seed signature');
  let signer: string;
  try {
    signer = recoverTestSeedSigner(
      { ...domain, taskId: task.id, revealsDigest: task.revealsDigest },
      signature,
    );
  } catch {
    throw new SeedMaterialError(endpoint.address, 'its seed signature is malformed');
  }
  if (!same(signer, endpoint.address)) {
    throw new SeedMaterialError(
      endpoint.address,
      'its seed signature is not over this task’s final reveals digest',
    );
  }
  return signature;
}

/** A verifier's signed seed commitment (n > 1), checked. */
export async function fetchSeedCommitment(
  domain: ScoreDomainParameters,
  board: TaskBoard,
  endpoint: TaskVerifierEndpoint,
): Promise<{ commitment: string; signature: string }> {
  const { task } = board;
  const { commitment, commitmentSignature: signature } = await ask(endpoint, task.id);
  if (!commitment || !signature) {
    throw new SeedMaterialError(endpoint.address, 'it sent no signed seed commitment');
  }
  let signer: string;
  try {
    signer = recoverSeedCommitmentSigner(
      { ...domain, taskId: task.id, revealsDigest: task.revealsDigest, commitment },
      signature,
    );
  } catch {
    throw new SeedMaterialError(endpoint.address, 'its commitment signature is malformed');
  }
  if (!same(signer, endpoint.address)) {
    throw new SeedMaterialError(
      endpoint.address,
      'its commitment is not signed by it over this task’s final reveals digest',
    );
  }
  return { commitment, signature };
}

/** A verifier's seed contribution (n > 1), checked against its commitment on chain. */
export async function fetchSeedContribution(
  board: TaskBoard,
  endpoint: TaskVerifierEndpoint,
): Promise<string> {
  const committed = board.seedCommitments.get(endpoint.index);
  if (!committed) throw new SeedMaterialError(endpoint.address, 'it committed no contribution');
  const { contribution } = await ask(endpoint, board.task.id);
  if (!contribution) {
    throw new SeedMaterialError(endpoint.address, 'it does not hand out its contribution yet');
  }
  if (seedContributionCommitment(contribution) !== committed) {
    throw new SeedMaterialError(endpoint.address, 'its contribution does not match its commitment');
  }
  return contribution;
}
