import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VerifierRequestError,
  requestSeed,
  requestSignedScore,
  seedUrlOf,
} from './verifier-api.js';

const SIGNATURE = `0x${'1b'.repeat(65)}`;
/** What the endpoint under test answers, by path: status, content type, body. */
const answers: Record<string, [number, string, string]> = {
  '/ok/api/verify': [
    200,
    'application/json',
    JSON.stringify({ score: '812345', signature: SIGNATURE, verifier: `0x${'a'.repeat(40)}` }),
  ],
  '/html/api/verify': [200, 'text/html', '<html>maintenance</html>'],
  '/unsigned/api/verify': [200, 'application/json', JSON.stringify({ score: '12' })],
  '/early/api/verify': [
    409,
    'application/problem+json',
    JSON.stringify({
      status: 409,
      title: 'Conflict',
      detail: 'the test seed of task 3 is not fixed yet',
    }),
  ],
  '/ok/api/seed': [
    200,
    'application/json',
    JSON.stringify({ kind: 'test-seed', testSeedSignature: SIGNATURE }),
  ],
  '/empty/api/seed': [
    200,
    'application/json',
    JSON.stringify({ kind: 'seed-commitment', commitment: 'nope' }),
  ],
};
let server: Server;
let base: string;

describe('the verifier endpoints’ answers', () => {
  beforeAll(async () => {
    server = createServer((req, res) => {
      const [status, type, body] = answers[req.url ?? ''] ?? [404, 'text/plain', 'no'];
      req.resume();
      req.on('end', () => res.writeHead(status, { 'content-type': type }).end(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads a signed score and seed material', async () => {
    expect(await requestSignedScore(`${base}/ok/api/verify`, 3n, 1n)).toEqual({
      score: 812345n,
      signature: SIGNATURE,
      verifier: `0x${'a'.repeat(40)}`,
    });
    expect(await requestSeed(seedUrlOf(`${base}/ok/api/verify`), 3n)).toMatchObject({
      testSeedSignature: SIGNATURE,
      contribution: null,
    });
  });

  it.each([
    ['/html/api/verify', 200, 'the answer is not a JSON object'],
    ['/unsigned/api/verify', 200, 'the answer carries no score and signature'],
    ['/early/api/verify', 409, 'the test seed of task 3 is not fixed yet'],
  ])('names what is wrong with %s', async (path, status, detail) => {
    const error = await requestSignedScore(`${base}${path}`, 3n, 1n).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerifierRequestError);
    expect(error).toMatchObject({ status, detail });
  });

  it('names a seed answer without material, and an endpoint that does not answer', async () => {
    await expect(requestSeed(`${base}/empty/api/seed`, 3n)).rejects.toMatchObject({
      detail: 'the answer carries no seed material',
    });
    await expect(requestSignedScore('http://127.0.0.1:9/api/verify', 3n, 1n)).rejects.toMatchObject(
      {
        status: 0,
        detail: 'the endpoint is unreachable',
      },
    );
  });

  it('finds the seed endpoint beside the verify endpoint', () => {
    expect(seedUrlOf('https://tem.example/api/verify')).toBe('https://tem.example/api/seed');
  });
});
