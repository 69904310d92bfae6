/**
 * The verification endpoints' HTTP answers the site uses (functions/README.md, "The verifier
 * API"). Every verifier runs the same functions with its own key and answers for its own address
 * only:
 *
 * - `POST …/api/verify` with `{ taskId, submissionId }`: the submission's score signed by this
 *   verifier, `{ score, signature, verifier, … }`, once the test seed is fixed;
 * - `POST …/api/seed` beside it, with `{ taskId }`: this verifier's part of the test seed once the
 *   reveal window has closed: `testSeedSignature` (one verifier), `commitment` and
 *   `commitmentSignature` (several, while commitments are open), `contribution` (several, after).
 *
 * Nothing here is trusted: the site checks every signature against the chain state before it
 * shows or relays it (`signed-scores.ts`, `seed-relay.ts`), and the contract checks them again.
 */

/** A verifier endpoint refused or could not be reached; `status` 0 means no HTTP answer. */
export class VerifierRequestError extends Error {
  override name = 'VerifierRequestError';
  constructor(
    readonly url: string,
    readonly status: number,
    /** The endpoint's own explanation (a problem document's `detail`), or the network error. */
    readonly detail: string,
  ) {
    super(`${url} answered ${status || 'nothing'}: ${detail}`);
  }
}

/** A verifier's answer of `POST /api/verify`, before its signature is checked. */
export interface SignedScoreAnswer {
  score: bigint;
  signature: string;
  /** The address the endpoint says it signs as (checked against the recovered signer). */
  verifier: string | null;
}

/** A verifier's seed material, before its signatures are checked. */
export interface SeedAnswer {
  /** n = 1: its EIP-712 `TestSeed(taskId, revealsDigest)` signature. */
  testSeedSignature: string | null;
  /** n > 1: `keccak256(abi.encode(contribution))`, while commitments are open. */
  commitment: string | null;
  /** n > 1: its `SeedCommitment(taskId, revealsDigest, commitment)` signature. */
  commitmentSignature: string | null;
  /** n > 1, once commitments are closed and its commitment is on chain: the contribution. */
  contribution: string | null;
}

const HEX32 = /^0x[0-9a-fA-F]{64}$/;
const SIGNATURE = /^0x[0-9a-fA-F]{130}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** The seed endpoint beside a verify endpoint: `…/api/verify` → `…/api/seed`. */
export function seedUrlOf(verifyUrl: string): string {
  return new URL('seed', verifyUrl.replace(/\/+$/, '')).toString();
}

async function postJson(url: string, body: object, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new VerifierRequestError(
      url,
      0,
      timedOut
        ? `no answer within ${Math.round(timeoutMs / 1000)} s`
        : 'the endpoint is unreachable',
    );
  }
  const text = await response.text().catch(() => '');
  let json: unknown = null;
  try {
    json = text.length <= 64 * 1024 ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const detail = (json as { detail?: unknown } | null)?.detail;
    throw new VerifierRequestError(
      url,
      response.status,
      typeof detail === 'string' ? detail.slice(0, 300) : response.statusText || 'refused',
    );
  }
  if (typeof json !== 'object' || json === null) {
    throw new VerifierRequestError(url, response.status, 'the answer is not a JSON object');
  }
  return json;
}

const optional = (value: unknown, pattern: RegExp): string | null =>
  typeof value === 'string' && pattern.test(value) ? value : null;

/**
 * Asks one verifier for its signed score of a submission (it scores it first if it has not yet;
 * answers are cached by the endpoint).
 *
 * @example
 * const { score, signature } = await requestSignedScore(url, 3n, 1n);
 */
export async function requestSignedScore(
  verifyUrl: string,
  taskId: bigint,
  submissionId: bigint,
  timeoutMs = 90_000,
): Promise<SignedScoreAnswer> {
  const body = (await postJson(
    verifyUrl,
    { taskId: taskId.toString(), submissionId: submissionId.toString() },
    timeoutMs,
  )) as Record<string, unknown>;
  const signature = optional(body.signature, SIGNATURE);
  if (typeof body.score !== 'string' || !/^\d{1,20}$/.test(body.score) || !signature) {
    throw new VerifierRequestError(verifyUrl, 200, 'the answer carries no score and signature');
  }
  return { score: BigInt(body.score), signature, verifier: optional(body.verifier, ADDRESS) };
}

/**
 * Asks one verifier for its seed material of a task (refused before the reveal deadline).
 *
 * @example
 * const { testSeedSignature } = await requestSeed(seedUrlOf(verifyUrl), 3n);
 */
export async function requestSeed(
  seedUrl: string,
  taskId: bigint,
  timeoutMs = 30_000,
): Promise<SeedAnswer> {
  const body = (await postJson(seedUrl, { taskId: taskId.toString() }, timeoutMs)) as Record<
    string,
    unknown
  >;
  const answer = {
    testSeedSignature: optional(body.testSeedSignature, SIGNATURE),
    commitment: optional(body.commitment, HEX32),
    commitmentSignature: optional(body.commitmentSignature, SIGNATURE),
    contribution: optional(body.contribution, HEX32),
  };
  if (!answer.testSeedSignature && !answer.commitmentSignature && !answer.contribution) {
    throw new VerifierRequestError(seedUrl, 200, 'the answer carries no seed material');
  }
  return answer;
}
