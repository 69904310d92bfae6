import type { FunctionContext, FunctionHandler } from './handler.js';
import { methodNotAllowed, problemResponse } from './problem.js';

/**
 * Methods the Fetch API will not build a `Request` for (CONNECT, TRACE, TRACK): a server that hands
 * requests to our handlers as `Request`s must answer these itself.
 */
export function isFetchForbiddenMethod(method: string): boolean {
  return ['CONNECT', 'TRACE', 'TRACK'].includes(method.toUpperCase());
}

/**
 * The 405 a route gives to a method it does not take, for a Fetch-forbidden method: the route's
 * methods (its `Allow`) come from its answer to OPTIONS.
 */
export async function forbiddenMethodResponse(
  method: string,
  handler: FunctionHandler,
  url: URL,
  context: FunctionContext,
): Promise<Response> {
  const preflight = await handler(new Request(url, { method: 'OPTIONS' }), context);
  const allowed = (preflight.headers.get('allow') ?? 'OPTIONS')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  return problemResponse(methodNotAllowed(method.slice(0, 20), allowed));
}
