/** What `POST /api/verify` answers (functions/src/verify/pipeline.ts `VerifyResultJson`). */
export interface VerifiedScore {
  taskId: string;
  submissionId: string;
  score: string;
  signature: string;
  terms: Record<string, number>;
  verifier: string;
}

/** The verifier refused or failed; `retryable` when asking again later may succeed. */
export class VerifierError extends Error {
  override name = 'VerifierError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Asks the task's verification endpoint for the signed score of a revealed submission. */
export async function requestScore(
  url: string,
  taskId: string,
  submissionId: string,
  signal: AbortSignal,
): Promise<VerifiedScore> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ taskId, submissionId }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(120_000)]),
    });
  } catch (error) {
    throw new VerifierError(
      `verifier ${url} unreachable: ${(error as Error).message}`,
      undefined,
      true,
    );
  }
  const text = await readAnswer(url, response);
  if (!response.ok) {
    let detail = text.slice(0, 300);
    try {
      const problem = JSON.parse(text) as { title?: string; detail?: string };
      detail = [problem.title, problem.detail].filter(Boolean).join(': ');
    } catch {
      // not problem+json; keep the text
    }
    const retryable = response.status === 409 || response.status === 429 || response.status >= 500;
    throw new VerifierError(
      `verifier answered ${response.status}: ${detail}`,
      response.status,
      retryable,
    );
  }
  let body: Partial<VerifiedScore> | null;
  try {
    body = JSON.parse(text) as Partial<VerifiedScore> | null;
  } catch {
    throw new VerifierError(
      `verifier ${url} answered ${response.status} with a body that is not JSON: ${text.slice(0, 100)}`,
      response.status,
      true,
    );
  }
  if (typeof body?.score !== 'string' || typeof body.signature !== 'string') {
    throw new VerifierError(
      'verifier answered without a score and signature',
      response.status,
      false,
    );
  }
  return body as VerifiedScore;
}

/** Largest answer read from a verifier (its URL comes from the task's spec: untrusted). */
export const MAX_VERIFIER_ANSWER_BYTES = 256 * 1024;

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
