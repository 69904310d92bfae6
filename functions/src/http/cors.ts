/** Which browser origins may call the API, and how preflights are answered. */
export interface CorsPolicy {
  /** Exact origins (`https://site.example`), or `*` for any. */
  origins: readonly string[];
  /** Seconds a browser may cache a preflight answer. */
  maxAgeSeconds?: number;
}

/** Whether `origin` is allowed by `policy`. */
export function isAllowedOrigin(policy: CorsPolicy, origin: string | null): origin is string {
  if (origin === null) return false;
  return policy.origins.includes('*') || policy.origins.includes(origin);
}

/** Adds the CORS response headers for `request` (if its origin is allowed) to `headers`. */
export function applyCorsHeaders(policy: CorsPolicy, request: Request, headers: Headers): void {
  headers.append('vary', 'Origin');
  const origin = request.headers.get('origin');
  if (!isAllowedOrigin(policy, origin)) return;
  headers.set(
    'access-control-allow-origin',
    policy.origins.includes('*') && !policy.origins.includes(origin) ? '*' : origin,
  );
  headers.set('access-control-expose-headers', 'Retry-After, X-Cache');
}

/** The answer to a CORS preflight (`OPTIONS`) for a route accepting `methods`. */
export function preflightResponse(
  policy: CorsPolicy,
  request: Request,
  methods: readonly string[],
): Response {
  const headers = new Headers({ allow: [...methods, 'OPTIONS'].join(', ') });
  applyCorsHeaders(policy, request, headers);
  if (headers.has('access-control-allow-origin')) {
    headers.set('access-control-allow-methods', [...methods, 'OPTIONS'].join(', '));
    headers.set('access-control-allow-headers', 'Content-Type');
    headers.set('access-control-max-age', String(policy.maxAgeSeconds ?? 600));
  }
  return new Response(null, { status: 204, headers });
}
