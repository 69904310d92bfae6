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

/**
 * Checks a one-verifier task's `TestSeed` signature: by the endpoint's verifier, over the task's
 * final reveals digest on chain. Returns it, or throws {@link SeedMaterialError}.
 */
export function checkTestSeedSignature(
  domain: ScoreDomainParameters,
  board: TaskBoard,
  endpoint: TaskVerifierEndpoint,
  signature: string | null,
): string {
  const { task } = board;
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
      'its seed signature is not its own over this task’s final reveals digest',
    );
  }
  return signature;
}

/** Checks a verifier's signed seed commitment (n > 1) over the task's final reveals digest. */
export function checkSeedCommitment(
  domain: ScoreDomainParameters,
  board: TaskBoard,
  endpoint: TaskVerifierEndpoint,
  answer: { commitment: string | null; commitmentSignature: string | null },
): { commitment: string; signature: string } {
  const { task } = board;
  const { commitment, commitmentSignature: signature } = answer;
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

/** Checks a verifier's seed contribution (n > 1) against its commitment on chain. */
export function checkSeedContribution(
  board: TaskBoard,
  endpoint: TaskVerifierEndpoint,
  contribution: string | null,
): string {
  const committed = board.seedCommitments.get(endpoint.index);
  if (!committed) throw new SeedMaterialError(endpoint.address, 'it committed no contribution');
  if (!contribution) {
    throw new SeedMaterialError(endpoint.address, 'it does not hand out its contribution yet');
  }
  if (seedContributionCommitment(contribution) !== committed.toLowerCase()) {
    throw new SeedMaterialError(endpoint.address, 'its contribution does not match its commitment');
  }
  return contribution;
}

/** A one-verifier task's `TestSeed` signature, fetched from its endpoint and checked. */
export async function fetchTestSeedSignature(
  domain: ScoreDomainParameters,
  board: TaskBoard,
  endpoint: TaskVerifierEndpoint,
): Promise<string> {
  const answer = await ask(endpoint, board.task.id);
  return checkTestSeedSignature(domain, board, endpoint, answer.testSeedSignature);
}

/** A verifier's signed seed commitment (n > 1), fetched from its endpoint and checked. */
export async function fetchSeedCommitment(
  domain: ScoreDomainParameters,
  board: TaskBoard,
  endpoint: TaskVerifierEndpoint,
): Promise<{ commitment: string; signature: string }> {
  return checkSeedCommitment(domain, board, endpoint, await ask(endpoint, board.task.id));
}

/** A verifier's seed contribution (n > 1), fetched from its endpoint and checked. */
export async function fetchSeedContribution(
  board: TaskBoard,
  endpoint: TaskVerifierEndpoint,
): Promise<string> {
  if (!board.seedCommitments.has(endpoint.index)) {
    throw new SeedMaterialError(endpoint.address, 'it committed no contribution');
  }
  const answer = await ask(endpoint, board.task.id);
  return checkSeedContribution(board, endpoint, answer.contribution);
}
