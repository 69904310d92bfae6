import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePath } from './http/route-path.js';
import { silentLogger } from './lib/logger.js';
import { startFunctionsServer, type FunctionsServer } from './server.js';

// No chain is needed: these requests never reach a chain read.
const env = {
  THETA_RPC_URL: 'http://127.0.0.1:9',
  TASK_MARKET_ADDRESS: '0x' + '11'.repeat(20),
  IPFS_GATEWAYS: 'http://127.0.0.1:9',
  SITE_ORIGIN: 'https://site.example,https://other.example',
  VERIFIER_PRIVATE_KEY: '0x' + '22'.repeat(32),
};
let server: FunctionsServer;

beforeAll(async () => {
  server = await startFunctionsServer({ env, log: silentLogger });
});

afterAll(async () => {
  await server?.close();
});

describe('compilePath', () => {
  it('matches literal segments and one-segment params, percent-decoded', () => {
    const path = compilePath('/api/tasks/:id');
    expect(path.match('/api/tasks/12')).toEqual({ id: '12' });
    expect(path.match('/api/tasks/a%20b')).toEqual({ id: 'a b' });
    expect(path.match('/api/tasks/')).toBeUndefined();
    expect(path.match('/api/tasks')).toBeUndefined();
    expect(path.match('/api/tasks/1/2')).toBeUndefined();
    expect(path.match('/api/tasks/%E0%A4%A')).toBeUndefined();
  });
});

describe('startFunctionsServer', () => {
  it('answers CORS preflights for the site origin', async () => {
    for (const path of ['/api/tasks', '/api/tasks/1', '/api/verify', '/api/seed']) {
      const response = await fetch(server.url + path, {
        method: 'OPTIONS',
        headers: { origin: 'https://site.example', 'access-control-request-method': 'GET' },
      });
      expect(response.status, path).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('https://site.example');
      expect(response.headers.get('access-control-allow-methods')).toMatch(/OPTIONS/);
      expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type');
    }
    const post = await fetch(`${server.url}/api/verify`, {
      method: 'OPTIONS',
      headers: { origin: 'https://other.example' },
    });
    expect(post.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
  });

  it('grants no CORS to other origins', async () => {
    const response = await fetch(`${server.url}/api/verify`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${server.url}/api/verify`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(get.status).toBe(405);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect(get.headers.get('vary')).toContain('Origin');
  });

  it('answers 405 with Allow and 404 for unknown routes', async () => {
    const wrong = await fetch(`${server.url}/api/tasks`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    const unknown = await fetch(`${server.url}/api/unknown`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 503 naming the variable when the configuration is incomplete', async () => {
    const broken = await startFunctionsServer({
      env: { ...env, TASK_MARKET_ADDRESS: 'not-an-address' },
      log: silentLogger,
    });
    try {
      const response = await fetch(`${broken.url}/api/tasks`);
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body.detail).toContain('TASK_MARKET_ADDRESS');
      expect(JSON.stringify(body)).not.toContain('22'.repeat(32));
    } finally {
      await broken.close();
    }
  });

  it('answers 502 without internals when the chain RPC is down', async () => {
    const response = await fetch(`${server.url}/api/tasks`);
    expect(response.status).toBe(502);
    const body = await response.json();
    expect(body.type).toMatch(/chain-unavailable$/);
    expect(body.detail).not.toContain('127.0.0.1');
  });
  it('closes a connection whose request body it answered without reading', async () => {
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    socket.on('error', () => {});
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const body = 'x'.repeat(200_000);
    socket.write(
      `POST /api/verify HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body);
    // Without the close, a next request on this socket would wait behind the unread bytes forever.
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 415 /);
    expect(answer.toLowerCase()).toContain('connection: close');
  });
});
