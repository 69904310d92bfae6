import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_VERIFIER_ANSWER_BYTES,
  VerifierError,
  requestScore,
  requestSeed,
  seedUrlOf,
} from './verifier-client.js';

let server: Server;
let base: string;
const good = {
  taskId: '1',
  submissionId: '2',
  score: '5',
  signature: '0xab',
  terms: {},
  verifier: '0x0',
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    req.resume();
    if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    const bodies: Record<string, string> = {
      '/good': JSON.stringify(good),
      '/html': '<html>proxy error</html>',
      '/null': 'null',
      '/good/seed': JSON.stringify(good),
    };
    if (path === '/early/seed') {
      res.writeHead(409, { 'content-type': 'application/problem+json' }).end(
        JSON.stringify({
          type: 'https://theta-edge-marketplace.dev/problems/reveals-open',
          title: 'Conflict',
          detail: 'the reveal window is open',
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(bodies[path] ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const ask = (path: string) => requestScore(base + path, '1', '2', new AbortController().signal);

describe('requestScore', () => {
  it('returns the signed score of a well-formed answer', async () => {
    expect(await ask('/good')).toEqual(good);
  });

  it('stops reading an endless answer at its limit', async () => {
    const error = await ask('/huge').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerifierError);
    expect((error as VerifierError).message).toContain(
      `more than ${MAX_VERIFIER_ANSWER_BYTES} bytes`,
    );
    expect((error as VerifierError).retryable).toBe(false);
  });

  it('names answers that are not JSON or carry no score as VerifierErrors', async () => {
    await expect(ask('/html')).rejects.toThrow(/not JSON: <html>proxy error/);
    await expect(ask('/null')).rejects.toThrow(/without a score and signature/);
  });
});

describe('requestSeed', () => {
  it('asks the seed endpoint beside the verify endpoint', () => {
    expect(seedUrlOf('http://127.0.0.1:8888/api/verify')).toBe('http://127.0.0.1:8888/api/seed');
    expect(seedUrlOf('https://v.example/.netlify/functions/verify')).toBe(
      'https://v.example/.netlify/functions/seed',
    );
  });

  it('reads a refusal as a retryable VerifierError carrying its problem type', async () => {
    const error = await requestSeed(
      `${base}/early/verify`,
      '1',
      `0x${'00'.repeat(32)}`,
      new AbortController().signal,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerifierError);
    expect(error).toMatchObject({ status: 409, retryable: true, problem: 'reveals-open' });
  });

  it('refuses an answer without a seed part', async () => {
    await expect(
      requestSeed(`${base}/good/verify`, '1', `0x${'00'.repeat(32)}`, new AbortController().signal),
    ).rejects.toThrow(/without a seed part/);
  });
});
