import type { Context } from '@netlify/functions';
import { ConfigError, VerifierKeyError } from '../errors.js';
import { describeError, type Logger } from '../lib/logger.js';
import { applyCorsHeaders, preflightResponse, type CorsPolicy } from './cors.js';
import {
  HttpProblem,
  internalError,
  methodNotAllowed,
  notConfigured,
  problemResponse,
} from './problem.js';

/** The part of Netlify's `Context` our handlers use (the local server provides the same). */
export type FunctionContext = Pick<Context, 'params' | 'ip'>;

/** A Netlify Functions 2.0 handler. */
export type FunctionHandler = (request: Request, context: FunctionContext) => Promise<Response>;

/** What {@link defineRoute} wraps. */
export interface RouteDefinition {
  /** Methods the route accepts (OPTIONS preflights are answered for them). */
  methods: readonly string[];
  cors: CorsPolicy;
  log: Logger;
  /** Answers an accepted request; throws HttpProblem for failures the client should see. */
  handle(request: Request, context: FunctionContext): Promise<Response>;
}

/**
 * Wraps a route: answers preflights, refuses other methods with 405 and `Allow`, adds CORS headers,
 * and turns every failure into a problem document (HttpProblem as-is, anything else as a generic
 * 500 that is logged without internals reaching the client).
 */
export function defineRoute(route: RouteDefinition): FunctionHandler {
  return async (request, context) => {
    let response: Response;
    if (request.method === 'OPTIONS') return preflightResponse(route.cors, request, route.methods);
    try {
      if (!route.methods.includes(request.method)) {
        throw methodNotAllowed(request.method, route.methods);
      }
      response = await route.handle(request, context);
    } catch (error) {
      response = problemResponse(toProblem(error, route.log, request));
    }
    applyCorsHeaders(route.cors, request, response.headers);
    // netlify.toml headers do not apply to function responses: set what matters here.
    response.headers.set('x-content-type-options', 'nosniff');
    return response;
  };
}

/** Maps a thrown value to the problem the client sees, logging the unexpected ones. */
export function toProblem(error: unknown, log: Logger, request?: Request): HttpProblem {
  if (error instanceof HttpProblem) {
    if (error.status >= 500) log('request-failed', { status: error.status, detail: error.detail });
    return error;
  }
  log('unexpected-error', {
    ...describeError(error),
    method: request?.method,
    path: request ? safePath(request.url) : undefined,
  });
  return internalError();
}

/**
 * Defers building a handler until its first request (configuration is validated at first use);
 * a failure to build (say, a missing env var) answers 503 naming the problem, and is retried on
 * the next request.
 */
export function lazyHandler(build: () => Promise<FunctionHandler>, log: Logger): FunctionHandler {
  let built: Promise<FunctionHandler> | undefined;
  return async (request, context) => {
    built ??= build();
    let handler: FunctionHandler;
    try {
      handler = await built;
    } catch (error) {
      built = undefined;
      log('startup-failed', describeError(error));
      const detail =
        error instanceof ConfigError || error instanceof VerifierKeyError
          ? `the service is not configured: ${error.message}`
          : 'the service could not start; the failure was logged';
      return problemResponse(notConfigured(detail));
    }
    return handler(request, context);
  };
}

/** The JSON response of a successful request. */
export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return textJsonResponse(JSON.stringify(body), init);
}

/** A JSON response from already-serialised text (cached bodies are stored as text). */
export function textJsonResponse(
  text: string,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(text, { status: init.status ?? 200, headers });
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname.slice(0, 200);
  } catch {
    return '(unparseable)';
  }
}
