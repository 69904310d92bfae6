import type { Config } from '@netlify/functions';
import { defineRoute, type FunctionHandler } from './http/handler.js';
import { notFound } from './http/problem.js';
import { consoleLogger, type Logger } from './lib/logger.js';

/** Route of this function: every /api path no other function serves. */
export const config = { path: '/api/*' } satisfies Config;

/** Answers every method on an unknown /api route with a problem+json 404. */
export function createNotFoundHandler(log: Logger = consoleLogger): FunctionHandler {
  return defineRoute({
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    cors: { origins: [] },
    log,
    async handle(request) {
      throw notFound(
        `no route for ${new URL(request.url).pathname.slice(0, 200)}`,
        'unknown-route',
      );
    },
  });
}

/** Netlify entry. */
export default createNotFoundHandler();
