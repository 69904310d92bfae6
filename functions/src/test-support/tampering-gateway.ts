import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A gateway in front of a real one that flips the last byte of every body it serves. */
export interface TamperingGateway {
  url: string;
  /** Requests served so far. */
  requests: number;
  close(): Promise<void>;
}

/**
 * Starts a proxy to `upstream` that corrupts content: the bytes no longer match their CIDs (for
 * CARs the last block's data changes, for raw blocks the block itself).
 */
export async function startTamperingGateway(upstream: string): Promise<TamperingGateway> {
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    state.requests += 1;
    void (async () => {
      try {
        const answer = await fetch(upstream + (req.url ?? '/'), {
          headers: { accept: req.headers.accept ?? '*/*' },
        });
        const body = new Uint8Array(await answer.arrayBuffer());
        if (answer.ok && body.length > 0) body[body.length - 1]! ^= 0xff;
        res.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
          'content-length': String(body.length),
        });
        res.end(body);
      } catch {
        res.writeHead(502).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
