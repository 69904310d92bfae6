import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RpcError } from './errors.js';
import { type MethodContext, callMethod } from './methods.js';
import { createUpstream } from './upstream.js';

/** Options of {@link startThetaRpc}. */
export interface ThetaRpcOptions {
  /** anvil's JSON-RPC URL. */
  upstreamUrl: string;
  /** Port on 127.0.0.1 (default 0: a free one). */
  port?: number;
  /**
   * The chain's block interval in milliseconds, what each retry of the adaptor sleeps (default
   * 6000, Theta's): a receipt not found answers after 5 of them, a failing `eth_call` after 3.
   */
  blockIntervalMs?: number;
  /** Most blocks one `eth_getLogs` spans (default 5000, `query.getLogsBlockRange`). */
  logBlockRange?: number;
  /** Lowest gas price a transaction may offer, in wei (default 4000 gwei, Theta's minimum). */
  minGasPriceWei?: bigint;
}

/** A running double of Theta's ETH-RPC adaptor. */
export interface ThetaRpc {
  url: string;
  /** Calls answered so far, by method (unknown ones included). */
  calls: Map<string, number>;
  /** Stops listening; calls still waiting (receipts) end at once. */
  close(): Promise<void>;
}

/** go-ethereum's HTTP limit on a request body. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

interface Request {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

const errorJson = (id: unknown, error: RpcError) => ({
  jsonrpc: '2.0',
  id: id ?? null,
  error: { code: error.code, message: error.message },
});

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A faithful test double of Theta's ETH-RPC adaptor (thetatoken/theta-eth-rpc-adaptor) as a
 * loopback HTTP server in front of anvil: its method list, its errors without revert data,
 * `latest`/`pending` as the last finalized block (anvil's latest mined block: anvil mines final
 * blocks), the receipt request that retries for five block intervals and then answers a
 * zero-filled receipt, the 5,000-block `eth_getLogs` span, Theta's minimum gas price and no
 * typed transactions. CORS is open, as on the public adaptors. See README.md beside it.
 *
 * @example
 * const rpc = await startThetaRpc({ upstreamUrl: anvil.rpcUrl, blockIntervalMs: 200 });
 * const provider = new JsonRpcProvider(rpc.url);
 */
export async function startThetaRpc(options: ThetaRpcOptions): Promise<ThetaRpc> {
  const closing = new AbortController();
  const ctx: MethodContext = {
    upstream: createUpstream(options.upstreamUrl, closing.signal),
    blockIntervalMs: options.blockIntervalMs ?? 6_000,
    logBlockRange: options.logBlockRange ?? 5_000,
    minGasPriceWei: options.minGasPriceWei ?? 4_000_000_000_000n,
    sleep: (ms) =>
      new Promise<void>((resolve, reject) => {
        if (closing.signal.aborted) return reject(new Error('the double is closing'));
        const timer = setTimeout(resolve, ms);
        closing.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(new Error('the double is closing'));
          },
          { once: true },
        );
      }),
  };
  const calls = new Map<string, number>();

  const answer = async (request: unknown): Promise<object | undefined> => {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return errorJson(null, new RpcError(-32600, 'invalid request'));
    }
    const { id, method, params } = request as Request;
    if (typeof method !== 'string') return errorJson(id, new RpcError(-32600, 'invalid request'));
    calls.set(method, (calls.get(method) ?? 0) + 1);
    try {
      const result = await callMethod(ctx, method, params);
      // A notification (no id) gets no answer.
      return id === undefined ? undefined : { jsonrpc: '2.0', id, result };
    } catch (error) {
      const rpcError =
        error instanceof RpcError ? error : new RpcError(-32000, (error as Error).message);
      return id === undefined ? undefined : errorJson(id, rpcError);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'POST, GET');
      res.setHeader(
        'access-control-allow-headers',
        req.headers['access-control-request-headers'] ?? '*',
      );
      res.setHeader('access-control-max-age', '600');
      return res.writeHead(200).end();
    }
    const send = (status: number, body: string, type = 'application/json') =>
      res.writeHead(status, { 'content-type': type }).end(body);
    if (req.method !== 'POST') return send(405, 'method not allowed\n', 'text/plain');
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) {
      return send(415, 'invalid content type, only application/json is supported\n', 'text/plain');
    }
    const body = await readBody(req);
    if (!body) return send(413, 'content length too large\n', 'text/plain');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return send(200, JSON.stringify(errorJson(null, new RpcError(-32700, 'parse error'))));
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) {
        return send(200, JSON.stringify(errorJson(null, new RpcError(-32600, 'empty batch'))));
      }
      // go-ethereum answers a batch's calls one after the other.
      const answers: object[] = [];
      for (const item of parsed) {
        const one = await answer(item);
        if (one) answers.push(one);
      }
      return send(200, JSON.stringify(answers));
    }
    const one = await answer(parsed);
    return send(200, one ? JSON.stringify(one) : '');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`${error.message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    async close() {
      closing.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
