import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonRpcProvider, Network } from 'ethers';
import { describe, expect, it } from 'vitest';
import { describeError } from './logger.js';

describe('describeError', () => {
  it('keeps only the origin of URLs, such as the RPC URL ethers quotes (API keys live in paths)', async () => {
    const server = createServer((_req, res) => res.writeHead(401).end('unauthorized'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const provider = new JsonRpcProvider(
      `http://127.0.0.1:${port}/v3/SECRET-api-key?token=SECRET-token`,
      Network.from(366),
      { staticNetwork: true },
    );
    try {
      const error = await provider.getBlockNumber().catch((e: unknown) => e);
      expect((error as Error).message).toContain('SECRET-api-key');
      const logged = describeError(error);
      expect(logged.message).toContain(`http://127.0.0.1:${port}/…`);
      expect(logged.message).not.toContain('SECRET');
    } finally {
      provider.destroy();
      server.close();
    }
  });

  it('keeps other messages as they are, bounded, without a stack', () => {
    expect(describeError(new RangeError('bad offset 12'))).toEqual({
      name: 'RangeError',
      message: 'bad offset 12',
    });
    expect(describeError('x'.repeat(2000)).message).toHaveLength(500);
  });
});
