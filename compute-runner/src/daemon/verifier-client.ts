/**
 * The runner's client of the verifier endpoints (functions/README.md "The verifier API"): `POST
 * /api/verify` for a signed score, `POST /api/seed` for a verifier's part of the test seed. Their
 * URLs come from the task's spec (untrusted): answers are size-capped, and nothing they say is
 * relayed before the runner has checked its signature against the chain.
 */

/** What `POST /api/verify` answers (functions/src/verify/pipeline.ts `VerifyResultJson`). */
export interface VerifiedScore {
  taskId: string;
  submissionId: string;
  score: string;
  signature: string;
  terms: Record<string, number>;
  verifier: string;
  verifierIndex?: number;
}

/** What `POST /api/seed` answers (functions/src/seed/seed-answer.ts `SeedResultJson`), as used here. */
export interface SeedAnswer {
  taskId: string;
  verifier: string;
  revealsDigest: string;
  kind: 'test-seed' | 'seed-commitment' | 'seed-contribution';
  testSeedSignature?: string;
  commitment?: string;
  commitmentSignature?: string;
  contribution?: string;
}

/** The verifier refused or failed; `retryable` when asking again later may succeed. */
export class VerifierError extends Error {
  override name = 'VerifierError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    /** The problem type's last segment (e.g. `seed-not-fixed`), when the answer was a problem. */
    readonly problem?: string,
  ) {
    super(message);
  }
}

/** The seed endpoint beside a verify endpoint: the same URL with `seed` in place of `verify`. */
export function seedUrlOf(verifyUrl: string): string {
  return new URL('seed', verifyUrl).toString();
}

/** Asks a verification endpoint for the signed score of a revealed submission. */
export async function requestScore(
  url: string,
  taskId: string,
  submissionId: string,
  signal: AbortSignal,
): Promise<VerifiedScore> {
  const body = await postJson(url, { taskId, submissionId }, signal);
  const answer = body as Partial<VerifiedScore> | null;
  if (typeof answer?.score !== 'string' || typeof answer.signature !== 'string') {
    throw new VerifierError('verifier answered without a score and signature', 200, false);
  }
  return answer as VerifiedScore;
}

/** Asks a verifier's seed endpoint (beside `verifyUrl`) for its part of a task's test seed. */
export async function requestSeed(
  verifyUrl: string,
  taskId: string,
  revealsDigest: string,
  signal: AbortSignal,
): Promise<SeedAnswer> {
  const body = await postJson(seedUrlOf(verifyUrl), { taskId, revealsDigest }, signal);
  const answer = body as Partial<SeedAnswer> | null;
  const field =
    answer?.kind === 'test-seed'
      ? answer.testSeedSignature
      : answer?.kind === 'seed-commitment'
        ? answer.commitmentSignature
        : answer?.kind === 'seed-contribution'
          ? answer.contribution
          : undefined;
  if (typeof field !== 'string') {
    throw new VerifierError('the seed endpoint answered without a seed part', 200, false);
  }
  return answer as SeedAnswer;
}

/** Largest answer read from a verifier (its URL comes from the task's spec: untrusted). */
export const MAX_VERIFIER_ANSWER_BYTES = 256 * 1024;

async function postJson(url: string, body: unknown, signal: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.any([signal, AbortSignal.timeout(120_000)]),
    });
  } catch (error) {
    throw new VerifierError(`verifier ${url} unreachable: ${causeOf(error)}`, undefined, true);
  }
  const text = await readAnswer(url, response);
  if (!response.ok) {
    let detail = text.slice(0, 300);
    let problem: string | undefined;
    try {
      const parsed = JSON.parse(text) as { type?: string; title?: string; detail?: string };
      detail = [parsed.title, parsed.detail].filter(Boolean).join(': ');
      problem = parsed.type?.split('/').pop();
    } catch {
      // not problem+json; keep the text
    }
    const retryable = response.status === 409 || response.status === 429 || response.status >= 500;
    throw new VerifierError(
      `verifier answered ${response.status}: ${detail}`,
      response.status,
      retryable,
      problem,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new VerifierError(
      `verifier ${url} answered ${response.status} with a body that is not JSON: ${text.slice(0, 100)}`,
      response.status,
      true,
    );
  }
}

/** fetch's "fetch failed" hides the reason in its cause (ECONNREFUSED, a timeout). */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

async function readAnswer(url: string, response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_VERIFIER_ANSWER_BYTES) {
        await reader.cancel().catch(() => {});
        throw new VerifierError(
          `verifier ${url} answered more than ${MAX_VERIFIER_ANSWER_BYTES} bytes`,
          response.status,
          false,
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof VerifierError) throw error;
    throw new VerifierError(
      `verifier ${url} broke off its answer: ${(error as Error).message}`,
      response.status,
      true,
    );
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
