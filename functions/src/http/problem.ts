/** Base of the `type` URIs of our problem documents (RFC 9457). */
export const PROBLEM_TYPE_BASE = 'https://theta-edge-marketplace.dev/problems/';

/** The JSON body of an `application/problem+json` response (RFC 9457). */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Extension members (e.g. `field`, `limit`); never secrets or stack traces. */
  [extension: string]: unknown;
}

/**
 * A failure the client must see as a problem document. Thrown anywhere below a handler; the
 * handler wrapper turns it into the response. `slug` becomes the last segment of `type`.
 */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${title}: ${detail}`);
  }

  /** The problem document of this failure. */
  toDocument(): ProblemDocument {
    return {
      ...this.extensions,
      type: PROBLEM_TYPE_BASE + this.slug,
      title: this.title,
      status: this.status,
      detail: this.detail,
    };
  }
}

/** Builds an `application/problem+json` response for `problem`. */
export function problemResponse(problem: HttpProblem, headers: HeadersInit = {}): Response {
  const merged = new Headers(headers);
  for (const [name, value] of Object.entries(problem.headers)) merged.set(name, value);
  merged.set('content-type', 'application/problem+json; charset=utf-8');
  merged.set('cache-control', 'no-store');
  return new Response(JSON.stringify(problem.toDocument()), {
    status: problem.status,
    headers: merged,
  });
}

/** 400 with a detail naming the bad field or value. */
export function badRequest(
  detail: string,
  extensions: Record<string, unknown> = {},
  slug = 'bad-request',
): HttpProblem {
  return new HttpProblem(400, slug, 'Bad request', detail, extensions);
}

/** 404 for a resource (task, submission, route) that does not exist. */
export function notFound(detail: string, slug = 'not-found'): HttpProblem {
  return new HttpProblem(404, slug, 'Not found', detail);
}

/** 405 with the `Allow` header listing what the route accepts. */
export function methodNotAllowed(method: string, allowed: readonly string[]): HttpProblem {
  return new HttpProblem(
    405,
    'method-not-allowed',
    'Method not allowed',
    `method ${method} is not supported here; use ${allowed.join(' or ')}`,
    { allowed },
    { allow: allowed.join(', ') },
  );
}

/** The generic answer to an unexpected failure: no internals, no stack trace. */
export function internalError(): HttpProblem {
  return new HttpProblem(
    500,
    'internal-error',
    'Internal error',
    'the server failed unexpectedly; the failure was logged, try again later',
  );
}
