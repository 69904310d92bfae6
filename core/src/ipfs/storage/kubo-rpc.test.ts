import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collect, readCar } from '../car.js';
import { UploadError } from '../errors.js';
import { utf8 } from '../test-support/bytes.js';
import { KuboUrlError, kuboRpcStore } from './kubo-rpc.js';

interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: string;
}
const recorded = JSON.parse(
  readFileSync(new URL('./fixtures/kubo-dag-import.json', import.meta.url), 'utf8'),
) as {
  exchanges: Record<'imported' | 'pinFailed' | 'wrongRoot' | 'serverError', Exchange>;
};

const KUBO = 'http://kubo.test:5001';
const planets = {
  kind: 'directory' as const,
  entries: [
    { path: 'mars.txt', content: utf8('Hello Mars!\n') },
    { path: 'venus.txt', content: utf8('Hello Venus!\n') },
  ],
};

let answer: Exchange = recorded.exchanges.imported;
const seen: { url: URL; headers: Headers; roots: string[]; blocks: number }[] = [];

const server = setupServer(
  http.post(`${KUBO}/api/v0/dag/import`, async ({ request }) => {
    const form = await request.formData();
    const file = form.get('file');
    if (!(file instanceof Blob))
      return HttpResponse.json({ Message: 'file argument missing' }, { status: 400 });
    // Like Kubo, read (and verify) the CAR before answering.
    const car = await readCar(new Uint8Array(await file.arrayBuffer()));
    const blocks = await collect(car.blocks);
    seen.push({
      url: new URL(request.url),
      headers: request.headers,
      roots: car.roots.map(String),
      blocks: blocks.length,
    });
    return new HttpResponse(answer.body, { status: answer.status, headers: answer.headers });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  answer = recorded.exchanges.imported;
  seen.length = 0;
});
afterAll(() => server.close());

describe('Kubo RPC adapter (recorded /api/v0/dag/import exchanges)', () => {
  it('imports the locally built CAR, pins the root and returns our CID', async () => {
    const store = kuboRpcStore({
      url: `${KUBO}/`,
      headers: { authorization: 'Bearer test-token' },
    });
    const cid = await store.put(planets);
    expect(cid.toString()).toBe('bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url.searchParams.get('pin-roots')).toBe('true');
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer test-token');
    expect(seen[0]!.roots).toEqual([cid.toString()]);
    expect(seen[0]!.blocks).toBe(3);
  });

  it('sends the authorization a hosted node wants, which wins over the other headers', async () => {
    await kuboRpcStore({
      url: KUBO,
      authorization: 'Bearer from-env',
      headers: { authorization: 'Bearer other', 'x-client': 'tem' },
    }).put(planets);
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer from-env');
    expect(seen[0]!.headers.get('x-client')).toBe('tem');
  });

  it('turns credentials in the URL into Basic auth and never shows them in an error', async () => {
    const url = KUBO.replace('http://', 'http://project:s%40cret@');
    await kuboRpcStore({ url }).put(planets);
    expect(seen[0]!.headers.get('authorization')).toBe(`Basic ${btoa('project:s@cret')}`);
    expect(seen[0]!.url.username).toBe('');
    answer = recorded.exchanges.serverError;
    const error = await kuboRpcStore({ url })
      .put(planets)
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as Error).message).toContain(`${KUBO}/api/v0/dag/import`);
    expect((error as Error).message).not.toMatch(/project|cret/);
  });

  it('refuses a URL it cannot use, naming the problem', () => {
    expect(() => kuboRpcStore({ url: 'kubo.test:5001' })).toThrow(KuboUrlError);
    expect(() => kuboRpcStore({ url: 'ftp://kubo.test' })).toThrow(/must be http\(s\)/);
  });

  it('refuses an answer that names another root', async () => {
    answer = recorded.exchanges.wrongRoot;
    await expect(kuboRpcStore({ url: KUBO }).put(planets)).rejects.toThrow(
      /answered root bafybeiczss/,
    );
  });

  it('reports a pin failure', async () => {
    answer = recorded.exchanges.pinFailed;
    await expect(kuboRpcStore({ url: KUBO }).put(planets)).rejects.toThrow(UploadError);
  });

  it('reports Kubo errors with their message', async () => {
    answer = recorded.exchanges.serverError;
    await expect(kuboRpcStore({ url: KUBO }).put(planets)).rejects.toThrow(/500.*unexpected EOF/);
  });
});
