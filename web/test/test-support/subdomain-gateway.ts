import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A subdomain gateway (`http://<cid>.ipfs.localhost:<port>/…`) in front of a path gateway. */
export interface SubdomainGateway {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `http://<cid>.ipfs.localhost:<port>/<path>` from `<pathGateway>/ipfs/<cid>/<path>`, the way
 * subdomain gateways (dweb.link, Fleek) serve a site at the origin root. Chromium resolves every
 * `*.localhost` name to the loopback address, so no DNS is involved.
 */
export async function startSubdomainGateway(pathGateway: string): Promise<SubdomainGateway> {
  const server: Server = createServer((req, res) => {
    const match = /^([a-z0-9]+)\.ipfs\.localhost(:\d+)?$/.exec(req.headers.host ?? '');
    if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(400).end('not a subdomain gateway request');
      return;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    fetch(`${pathGateway}/ipfs/${match[1]}${path}`, { method: req.method }).then(
      async (upstream) => {
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'cache-control', 'etag']) {
          const value = upstream.headers.get(name);
          if (value) headers[name] = value;
        }
        res.writeHead(upstream.status, headers).end(Buffer.from(await upstream.arrayBuffer()));
      },
      (error: Error) => res.writeHead(502).end(error.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
