import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from './lib/logger.js';
import { startFunctionsServer, type FunctionsServer } from './server.js';
import { startMarketFixture, type MarketFixture } from './test-support/market-fixture.js';

let fx: MarketFixture;
let server: FunctionsServer;
let goodVerify: { body: string; ids: { taskId: string; submissionId: string } };
let goodList: string;
const logged: string[] = [];
const log: Logger = (event, fields) => logged.push(JSON.stringify({ event, ...fields }));

interface BadRequest {
  name: string;
  method?: string;
  path: string;
  body?: string | Uint8Array<ArrayBuffer>;
  contentType?: string | null;
  status: number;
  /** Last segment of the problem `type`. */
  type?: string;
  headers?: Record<string, string>;
}

const json = 'application/json';
const verify = (name: string, body: string, status: number, type?: string): BadRequest => ({
  name,
  method: 'POST',
  path: '/api/verify',
  body,
  status,
  ...(type ? { type } : {}),
});

const seed = (name: string, body: string, status: number, type?: string): BadRequest => ({
  ...verify(name, body, status, type),
  name: `seed: ${name}`,
  path: '/api/seed',
});

function corpus(): BadRequest[] {
  const { taskId } = goodVerify.ids;
  return [
    verify('not JSON', 'not json', 400, 'malformed-json'),
    verify('truncated JSON', '{"taskId": "1"', 400, 'malformed-json'),
    verify('empty body', '', 400, 'malformed-json'),
    verify('whitespace body', '   \n', 400, 'malformed-json'),
    verify('null', 'null', 400, 'wrong-type'),
    verify('array', '[]', 400, 'wrong-type'),
    verify('string', '"1"', 400, 'wrong-type'),
    verify('number', '42', 400, 'wrong-type'),
    verify('empty object', '{}', 400, 'missing-field'),
    verify('no submissionId', '{"taskId":"1"}', 400, 'missing-field'),
    verify('no taskId', '{"submissionId":"1"}', 400, 'missing-field'),
    verify('boolean id', '{"taskId":true,"submissionId":"1"}', 400, 'wrong-type'),
    verify('null id', '{"taskId":null,"submissionId":"1"}', 400, 'wrong-type'),
    verify('object id', '{"taskId":{},"submissionId":"1"}', 400, 'wrong-type'),
    verify('array id', '{"taskId":["1"],"submissionId":"1"}', 400, 'wrong-type'),
    verify('negative id', '{"taskId":-1,"submissionId":"1"}', 400, 'invalid-id'),
    verify('fractional id', '{"taskId":1.5,"submissionId":"1"}', 400, 'invalid-id'),
    verify('unsafe integer id', '{"taskId":1e300,"submissionId":"1"}', 400, 'invalid-id'),
    verify('leading zero', '{"taskId":"01","submissionId":"1"}', 400, 'invalid-id'),
    verify('exponent string', '{"taskId":"1e3","submissionId":"1"}', 400, 'invalid-id'),
    verify('hex string', '{"taskId":"0x1","submissionId":"1"}', 400, 'invalid-id'),
    verify('padded string', '{"taskId":" 1","submissionId":"1"}', 400, 'invalid-id'),
    verify('negative string', '{"taskId":"-1","submissionId":"1"}', 400, 'invalid-id'),
    verify(
      'over uint256',
      `{"taskId":"${(1n << 256n).toString()}","submissionId":"1"}`,
      400,
      'invalid-id',
    ),
    verify('bad submission id', `{"taskId":"1","submissionId":"one"}`, 400, 'invalid-id'),
    verify('unknown field', `{"taskId":"1","submissionId":"1","score":99}`, 400, 'unknown-field'),
    verify(
      '__proto__ field',
      `{"taskId":"1","submissionId":"1","__proto__":{"x":1}}`,
      400,
      'unknown-field',
    ),
    verify('repeated key', '{"taskId":"1","submissionId":"1","taskId":"2"}', 400, 'duplicate-key'),
    verify(
      'repeated key, escaped',
      '{"taskId":"1","submissionId":"1","task\\u0049d":"2"}',
      400,
      'duplicate-key',
    ),
    verify('deeply nested', `${'['.repeat(2000)}${']'.repeat(2000)}`, 400, 'wrong-type'),
    verify('unknown task', '{"taskId":"999","submissionId":"1"}', 404, 'unknown-task'),
    verify(
      'unknown submission',
      `{"taskId":"${taskId}","submissionId":"99"}`,
      404,
      'unknown-submission',
    ),
    verify('task 0', '{"taskId":0,"submissionId":1}', 404, 'unknown-task'),
    {
      ...verify('text/plain', JSON.stringify(goodVerify.ids), 415, 'unsupported-media-type'),
      contentType: 'text/plain',
    },
    {
      ...verify('no content type', JSON.stringify(goodVerify.ids), 415, 'unsupported-media-type'),
      contentType: null,
    },
    {
      ...verify('form', 'taskId=1', 415, 'unsupported-media-type'),
      contentType: 'application/x-www-form-urlencoded',
    },
    verify(
      'oversized body',
      JSON.stringify({ taskId: '1', submissionId: '1', pad: 'x'.repeat(5000) }),
      413,
      'body-too-large',
    ),
    {
      ...verify('invalid UTF-8', '', 400, 'malformed-json'),
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    },
    {
      name: 'GET verify',
      method: 'GET',
      path: '/api/verify',
      status: 405,
      type: 'method-not-allowed',
      headers: { allow: 'POST' },
    },
    {
      name: 'PUT verify',
      method: 'PUT',
      path: '/api/verify',
      body: '{}',
      status: 405,
      type: 'method-not-allowed',
    },
    {
      name: 'DELETE verify',
      method: 'DELETE',
      path: '/api/verify',
      status: 405,
      type: 'method-not-allowed',
    },
    { name: 'PATCH verify', method: 'PATCH', path: '/api/verify', body: '{}', status: 405 },
    {
      name: 'bad status',
      path: '/api/tasks?status=pending',
      status: 400,
      type: 'invalid-parameter',
    },
    { name: 'bad sort', path: '/api/tasks?sort=price', status: 400, type: 'invalid-parameter' },
    { name: 'bad order', path: '/api/tasks?order=random', status: 400, type: 'invalid-parameter' },
    { name: 'bad phase', path: '/api/tasks?phase=done', status: 400, type: 'invalid-parameter' },
    { name: 'page 0', path: '/api/tasks?page=0', status: 400, type: 'invalid-parameter' },
    { name: 'page text', path: '/api/tasks?page=abc', status: 400, type: 'invalid-parameter' },
    { name: 'page negative', path: '/api/tasks?page=-2', status: 400, type: 'invalid-parameter' },
    {
      name: 'page huge',
      path: '/api/tasks?page=99999999999',
      status: 400,
      type: 'invalid-parameter',
    },
    { name: 'pageSize 0', path: '/api/tasks?pageSize=0', status: 400, type: 'invalid-parameter' },
    {
      name: 'pageSize 1000',
      path: '/api/tasks?pageSize=1000',
      status: 400,
      type: 'invalid-parameter',
    },
    {
      name: 'unknown parameter',
      path: '/api/tasks?limit=5',
      status: 400,
      type: 'unknown-parameter',
    },
    {
      name: 'repeated parameter',
      path: '/api/tasks?page=1&page=1',
      status: 400,
      type: 'repeated-parameter',
    },
    {
      name: 'POST tasks',
      method: 'POST',
      path: '/api/tasks',
      body: '{}',
      status: 405,
      headers: { allow: 'GET' },
    },
    { name: 'DELETE tasks', method: 'DELETE', path: '/api/tasks', status: 405 },
    { name: 'task id text', path: '/api/tasks/abc', status: 400, type: 'invalid-id' },
    { name: 'task id negative', path: '/api/tasks/-1', status: 400, type: 'invalid-id' },
    { name: 'task id leading zero', path: '/api/tasks/007', status: 400, type: 'invalid-id' },
    {
      name: 'task id too large',
      path: `/api/tasks/${'9'.repeat(80)}`,
      status: 400,
      type: 'invalid-id',
    },
    { name: 'task id encoded space', path: '/api/tasks/%201', status: 400, type: 'invalid-id' },
    { name: 'unknown task', path: '/api/tasks/4242', status: 404, type: 'unknown-task' },
    {
      name: 'bad submissions offset',
      path: `/api/tasks/${taskId}?submissionsOffset=-1`,
      status: 400,
    },
    {
      name: 'task unknown parameter',
      path: `/api/tasks/${taskId}?id=2`,
      status: 400,
      type: 'unknown-parameter',
    },
    { name: 'POST task', method: 'POST', path: `/api/tasks/${taskId}`, body: '{}', status: 405 },
    { name: 'undecodable id', path: '/api/tasks/%ZZ', status: 404, type: 'unknown-route' },
    { name: 'unknown route', path: '/api/nope', status: 404, type: 'unknown-route' },
    {
      name: 'too deep route',
      path: `/api/tasks/${taskId}/submissions`,
      status: 404,
      type: 'unknown-route',
    },
    { name: 'root', path: '/', status: 404, type: 'unknown-route' },
    seed('not JSON', 'not json', 400, 'malformed-json'),
    seed('empty object', '{}', 400, 'missing-field'),
    seed('array', '[1]', 400, 'wrong-type'),
    seed('boolean id', '{"taskId":true}', 400, 'wrong-type'),
    seed('hex id', '{"taskId":"0x1"}', 400, 'invalid-id'),
    seed('short digest', `{"taskId":"${taskId}","revealsDigest":"0x12"}`, 400, 'invalid-parameter'),
    seed('number digest', `{"taskId":"${taskId}","revealsDigest":12}`, 400, 'wrong-type'),
    seed('unknown field', `{"taskId":"${taskId}","submissionId":"1"}`, 400, 'unknown-field'),
    seed('repeated key', `{"taskId":"${taskId}","taskId":"2"}`, 400, 'duplicate-key'),
    seed('unknown task', '{"taskId":"999"}', 404, 'unknown-task'),
    seed(
      'another digest',
      `{"taskId":"${taskId}","revealsDigest":"0x${'ab'.repeat(32)}"}`,
      409,
      'digest-mismatch',
    ),
    { ...seed('text/plain', `{"taskId":"${taskId}"}`, 415), contentType: 'text/plain' },
    { name: 'GET seed', path: '/api/seed', status: 405, headers: { allow: 'POST' } },
    {
      name: 'trailing slash verify',
      method: 'POST',
      path: '/api/verify/',
      body: '{}',
      status: 404,
    },
  ];
}

async function send(r: BadRequest): Promise<Response> {
  const headers: Record<string, string> = {};
  const contentType = r.contentType === undefined ? json : r.contentType;
  if (contentType !== null && r.body !== undefined) headers['content-type'] = contentType;
  return fetch(server.url + r.path, {
    method: r.method ?? 'GET',
    headers,
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
}

/** Checks that `response` is a well-formed problem document with `status`, and returns it. */
async function expectProblem(response: Response, status: number, label: string) {
  expect(response.status, label).toBe(status);
  expect(response.headers.get('content-type'), label).toContain('application/problem+json');
  const text = await response.text();
  const body = JSON.parse(text);
  expect(body.status, label).toBe(status);
  expect(typeof body.type, label).toBe('string');
  expect(typeof body.title, label).toBe('string');
  expect(body.detail, label).toMatch(/\S/);
  expect(text, label).not.toMatch(/\bat .*\.(ts|js):\d+|node_modules|stack/);
  return body as { type: string; detail: string };
}

beforeAll(async () => {
  fx = await startMarketFixture();
  const task = await fx.createTask();
  const submission = await fx.commit(task, await fx.uploadBundle(task));
  await fx.openReveal(task);
  await fx.reveal(submission);
  await fx.fixSeed(task);
  server = await startFunctionsServer({ env: fx.env(), log });
  const ids = { taskId: task.taskId.toString(), submissionId: submission.submissionId.toString() };
  const first = await fetch(`${server.url}/api/verify`, {
    method: 'POST',
    headers: { 'content-type': json },
    body: JSON.stringify(ids),
  });
  expect(first.status).toBe(200);
  goodVerify = { body: await first.text(), ids };
  goodList = await (await fetch(`${server.url}/api/tasks`)).text();
});

afterAll(async () => {
  await server?.close();
  await fx?.close();
});

/** A request with a method fetch() refuses to send (TRACE), through node:http. */
function rawRequest(
  method: string,
  path: string,
): Promise<{ status: number; allow: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, allow: String(res.headers.allow ?? ''), body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('methods fetch() cannot carry', () => {
  it('TRACE: 405 with Allow naming what the route takes', async () => {
    const verify = await rawRequest('TRACE', '/api/verify');
    expect(verify.status).toBe(405);
    expect(verify.allow).toBe('POST, OPTIONS');
    expect(JSON.parse(verify.body)).toMatchObject({
      status: 405,
      detail: `method TRACE is not supported here; use POST or OPTIONS`,
    });
    const tasks = await rawRequest('TRACE', '/api/tasks');
    expect(tasks.status).toBe(405);
    expect(tasks.allow).toContain('GET');
  });
});

describe('task submissions paging', () => {
  it('takes submissionsOffset up to its documented maximum, 4294967295, and not beyond', async () => {
    const { taskId } = goodVerify.ids;
    const last = await fetch(`${server.url}/api/tasks/${taskId}?submissionsOffset=4294967295`);
    expect(last.status).toBe(200);
    expect((await last.json()) as object).toMatchObject({
      submissionsOffset: 4294967295,
      submissions: [],
    });
    const beyond = await fetch(`${server.url}/api/tasks/${taskId}?submissionsOffset=4294967296`);
    const body = await expectProblem(beyond, 400, 'beyond');
    expect(body.detail).toContain('must be an integer from 0 to 4294967295');
  });
});

describe('bad requests', () => {
  it('has a corpus of at least 40 cases', () => {
    expect(corpus().length).toBeGreaterThanOrEqual(40);
  });

  it('answers each bad request with its 4xx problem document', async () => {
    for (const r of corpus()) {
      const response = await send(r);
      const label = `${r.name}: ${r.method ?? 'GET'} ${r.path}`;
      const body = await expectProblem(response, r.status, label);
      if (r.type) expect(body.type, label).toMatch(new RegExp(`/${r.type}$`));
      for (const [name, value] of Object.entries(r.headers ?? {})) {
        expect(response.headers.get(name), label).toBe(value);
      }
    }
  });

  it('answers property-generated verify bodies with 4xx (or the cached success), never 5xx', async () => {
    const idLike = fc.oneof(
      fc.jsonValue(),
      fc.string(),
      fc.bigInt({ min: -10n, max: 1n << 260n }).map(String),
      fc.integer({ min: -5, max: 5 }),
      fc.double(),
    );
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({ taskId: idLike, submissionId: idLike }, { requiredKeys: [] })
        .map((v) => JSON.stringify(v)),
      fc.dictionary(fc.string({ maxLength: 8 }), idLike).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const response = await fetch(`${server.url}/api/verify`, {
          method: 'POST',
          headers: { 'content-type': json },
          body: text,
        });
        if (response.status === 200) {
          expect(await response.text()).toBe(goodVerify.body);
          return;
        }
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        await expectProblem(response, response.status, text.slice(0, 100));
      }),
      { numRuns: 150 },
    );
  });

  it('answers property-generated seed bodies with 200 or 4xx, never 5xx', async () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.string({ maxLength: 70 }),
      fc.constant(goodVerify.ids.taskId),
      fc
        .uint8Array({ minLength: 32, maxLength: 32 })
        .map((b) => `0x${Buffer.from(b).toString('hex')}`),
    );
    const body = fc.oneof(
      fc.record({ taskId: value, revealsDigest: value }, { requiredKeys: [] }),
      fc.dictionary(fc.string({ maxLength: 8 }), value),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const text = JSON.stringify(value);
        const response = await fetch(`${server.url}/api/seed`, {
          method: 'POST',
          headers: { 'content-type': json },
          body: text,
        });
        if (response.status === 200) return;
        expect(response.status, text).toBeGreaterThanOrEqual(400);
        expect(response.status, text).toBeLessThan(500);
        await expectProblem(response, response.status, text.slice(0, 100));
      }),
      { numRuns: 100 },
    );
  });

  it('answers property-generated list queries and task ids with 200 or 4xx, never 5xx', async () => {
    const queryValue = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer({ min: -3, max: 200 }).map(String),
    );
    const queryName = fc.constantFrom('status', 'phase', 'sort', 'order', 'page', 'pageSize', 'x');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(queryName, queryValue), { maxLength: 4 }),
        async (pairs) => {
          const query = new URLSearchParams(pairs).toString();
          const response = await fetch(`${server.url}/api/tasks?${query}`);
          if (response.status !== 200) await expectProblem(response, response.status, query);
          expect(response.status === 200 || response.status === 400, query).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 90 }), async (id) => {
        const response = await fetch(`${server.url}/api/tasks/${encodeURIComponent(id)}`);
        expect([200, 400, 404], id).toContain(response.status);
        if (response.status !== 200) await expectProblem(response, response.status, id);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps cached answers intact after all of that', async () => {
    const again = await fetch(`${server.url}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': json },
      body: JSON.stringify(goodVerify.ids),
    });
    expect(again.headers.get('x-cache')).toBe('hit');
    expect(await again.text()).toBe(goodVerify.body);
    const list = JSON.parse(await (await fetch(`${server.url}/api/tasks`)).text());
    expect(list).toEqual(JSON.parse(goodList));
  });

  it('logged no unexpected error', () => {
    expect(logged.filter((line) => line.includes('unexpected-error'))).toEqual([]);
  });
});
