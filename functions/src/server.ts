import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { FunctionHandler } from './http/handler.js';
import { forbiddenMethodResponse, isFetchForbiddenMethod } from './http/fetch-forbidden.js';
import { badRequest, problemResponse } from './http/problem.js';
import { createNotFoundHandler } from './not-found.js';
import { compilePath, type PathPattern } from './http/route-path.js';
import type { FunctionsEnv } from './lib/config.js';
import { consoleLogger, type Logger } from './lib/logger.js';
import { createServices, type ServiceOverrides } from './services.js';
import { config as seedConfig, seedHandlerFromServices } from './seed.js';
import { config as taskConfig, taskHandlerFromServices } from './task.js';
import { config as tasksConfig, tasksHandlerFromServices } from './tasks.js';
import { config as verifyConfig, verifyHandlerFromServices } from './verify.js';

/** Options of {@link startFunctionsServer}. */
export interface FunctionsServerOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** The environment the handlers are configured from (default `process.env`). */
  env?: FunctionsEnv;
  /** Where unexpected failures are logged (default stderr). */
  log?: Logger;
  /** Replacements for production parts (a scorer, a clock), for tests and benchmarks. */
  overrides?: ServiceOverrides;
}

/** A running local functions server. */
export interface FunctionsServer {
  /** Base URL, e.g. `http://127.0.0.1:45123`. */
  url: string;
  close(): Promise<void>;
}

interface Route {
  path: PathPattern;
  handler: FunctionHandler;
}

/**
 * Serves the same handler modules that Netlify deploys, on a plain Node http server: routes come
 * from each module's `config.path`, `:params` arrive in `context.params`, the client address in
 * `context.ip`.
 *
 * @example
 * const server = await startFunctionsServer({ env: process.env });
 * console.log(`${server.url}/api/tasks`);
 * await server.close();
 */
export async function startFunctionsServer(
  options: FunctionsServerOptions = {},
): Promise<FunctionsServer> {
  const env = options.env ?? process.env;
  const log = options.log ?? consoleLogger;
  // A long-lived server scores in worker threads, so it keeps answering while it scores.
  const services = createServices(env, { log, scoreInWorkers: true, ...options.overrides });
  const routes: Route[] = [
    { path: compilePath(tasksConfig.path), handler: tasksHandlerFromServices(services) },
    { path: compilePath(taskConfig.path), handler: taskHandlerFromServices(services) },
    { path: compilePath(verifyConfig.path), handler: verifyHandlerFromServices(services) },
    { path: compilePath(seedConfig.path), handler: seedHandlerFromServices(services) },
  ];
  const fallback = createNotFoundHandler(log);

  const server = createServer((req, res) => {
    void serve(req, res, routes, fallback, log);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }).finally(() => services.close()),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Route[],
  fallback: FunctionHandler,
  log: Logger,
): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ip = req.socket.remoteAddress ?? 'unknown';
    const route = routes
      .map((r) => ({ handler: r.handler, params: r.path.match(url.pathname) }))
      .find((r) => r.params !== undefined) ?? { handler: fallback, params: {} };
    const context = { params: route.params ?? {}, ip };
    const method = req.method ?? 'GET';
    const response = isFetchForbiddenMethod(method)
      ? await forbiddenMethodResponse(method, route.handler, url, context)
      : await route.handler(toRequest(req, url), context);
    await writeResponse(res, response, !req.complete);
  } catch (error) {
    log('server-error', { name: error instanceof Error ? error.name : typeof error });
    if (!res.headersSent) {
      await writeResponse(
        res,
        problemResponse(badRequest('the request could not be read')),
        !req.complete,
      );
    } else res.destroy();
  }
}

function toRequest(req: IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const host = req.headers.host ?? 'localhost';
  return new Request(new URL(url.pathname + url.search, `http://${host}`), {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    duplex: 'half',
  } as RequestInit);
}

/**
 * Writes `response`. `unreadBody`: the handler answered before reading the whole request body
 * (415, 429, ...); the connection is then closed, since the unread bytes would otherwise stall
 * the next request on it.
 */
async function writeResponse(
  res: ServerResponse,
  response: Response,
  unreadBody: boolean,
): Promise<void> {
  const body = response.body === null ? null : Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (unreadBody) headers.connection = 'close';
  if (body !== null) headers['content-length'] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}
