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

/** 403: a task that does not name this verifier. */
export function forbidden(
  slug: 'wrong-verifier',
  detail: string,
  extensions: Record<string, unknown> = {},
): HttpProblem {
  return new HttpProblem(403, slug, 'Forbidden', detail, extensions);
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

/** 409: what was asked cannot be answered in the task's current state (it may be later). */
export type ConflictType =
  | 'not-revealed'
  | 'seed-not-fixed'
  | 'digest-mismatch'
  | 'task-closed'
  | 'reveals-open'
  | 'seed-missed'
  | 'seed-commit-missed';

/** 409 naming the state that stands in the way. */
export function conflict(
  slug: ConflictType,
  detail: string,
  extensions: Record<string, unknown> = {},
): HttpProblem {
  return new HttpProblem(409, slug, 'Conflict', detail, extensions);
}

/** 413 for content read from IPFS over its limit (`limit` in bytes, when known). */
export function contentTooLarge(
  slug: 'content-too-large' | 'bundle-too-large',
  detail: string,
  limit?: number,
): HttpProblem {
  return new HttpProblem(
    413,
    slug,
    'Content too large',
    detail,
    limit === undefined ? {} : { limit },
  );
}

/** 413 for a request body over `limit` bytes. */
export function payloadTooLarge(detail: string, limit: number): HttpProblem {
  return new HttpProblem(413, 'body-too-large', 'Payload too large', detail, { limit });
}

/** 415 for a body that is not of the media type the route reads. */
export function unsupportedMediaType(detail: string): HttpProblem {
  return new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', detail);
}

/** 422: content named on chain (a CID, a spec, a bundle) that cannot be used. */
export type UnprocessableType =
  | 'invalid-cid'
  | 'invalid-content'
  | 'invalid-spec'
  | 'unknown-kind'
  | 'invalid-bundle'
  | 'bundle-mismatch';

/** 422 naming what cannot be used and why. */
export function unprocessable(slug: UnprocessableType, detail: string): HttpProblem {
  return new HttpProblem(422, slug, 'Unprocessable content', detail);
}

/** 429 with `Retry-After`. */
export function tooManyRequests(detail: string, retryAfterSeconds: number): HttpProblem {
  return retryLater(429, 'rate-limited', 'Too many requests', detail, retryAfterSeconds);
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

/** 502: an upstream (the chain RPC, the IPFS gateways) failed or served bad content. */
export function badGateway(
  slug: 'chain-unavailable' | 'ipfs-unavailable' | 'content-verification-failed',
  detail: string,
): HttpProblem {
  return new HttpProblem(502, slug, 'Bad gateway', detail);
}

/** 503 while every scoring slot and queue place is taken, with `Retry-After`. */
export function busy(detail: string, retryAfterSeconds: number): HttpProblem {
  return retryLater(503, 'busy', 'Service unavailable', detail, retryAfterSeconds);
}

/** 503 for a deployment whose configuration (env vars, verifier key) is missing or bad. */
export function notConfigured(detail: string): HttpProblem {
  return new HttpProblem(503, 'not-configured', 'Service not configured', detail);
}

/** 504: an upstream fetch or a scoring job ran out of time. */
export function gatewayTimeout(
  slug: 'ipfs-timeout' | 'scoring-timeout',
  detail: string,
): HttpProblem {
  return new HttpProblem(504, slug, 'Gateway timeout', detail);
}

/** A problem the client may retry after `seconds` (the `retryAfter` member and header). */
function retryLater(
  status: number,
  slug: string,
  title: string,
  detail: string,
  seconds: number,
): HttpProblem {
  return new HttpProblem(
    status,
    slug,
    title,
    detail,
    { retryAfter: seconds },
    { 'retry-after': String(seconds) },
  );
}
