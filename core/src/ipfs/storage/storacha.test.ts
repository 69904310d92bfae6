import * as Client from '@storacha/client';
import { StoreMemory } from '@storacha/client/stores/memory';
import * as AssertCaps from '@storacha/capabilities/assert';
import * as BlobCaps from '@storacha/capabilities/blob';
import * as HttpCaps from '@storacha/capabilities/http';
import * as UcanCaps from '@storacha/capabilities/ucan';
import * as DID from '@ipld/dag-ucan/did';
import { Message, Receipt } from '@ucanto/core';
import { ed25519 } from '@ucanto/principal';
import { CAR } from '@ucanto/transport';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { base58btc } from 'multiformats/bases/base58';
import { sha256 } from 'multiformats/hashes/sha2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utf8 } from '../test-support/bytes.js';
import { storachaStore } from './storacha.js';

// msw intercepts the real @storacha/client's traffic to up.storacha.network. The stand-in below
// answers each UCAN invocation the way the service does (receipts signed by did:web:up.storacha.network,
// blob/add effects: allocate -> http/put -> accept), so the client runs its full upload protocol.
const SERVICE_URL = 'https://up.storacha.network';
const BLOB_URL = 'https://blobs.storacha.test';
let service: ReturnType<Awaited<ReturnType<typeof ed25519.generate>>['withDID']>;
const invoked: string[] = [];
const blobs = new Map<string, Uint8Array>();
let uploadedRoot: string | undefined;
let failUploadAdd = false;

type Invocation = Awaited<ReturnType<typeof CAR.request.decode>>['invocations'][number];

/** A `ucan/conclude` effect carrying a receipt, shaped as upload-api (and the client) expect. */
// The schema types of @storacha/capabilities are stricter than the values a test needs to build.
type AnyReceipt = Pick<Awaited<ReturnType<typeof Receipt.issue>>, 'link' | 'iterateIPLDBlocks'>;

async function conclude(receipt: AnyReceipt) {
  const blocks = [...receipt.iterateIPLDBlocks()];
  const invocation = UcanCaps.conclude.invoke({
    issuer: service,
    audience: service,
    with: service.toDIDKey(),
    nb: { receipt: receipt.link() },
    expiration: Infinity,
    facts: [{ ...blocks.map((block) => block.cid) }],
  });
  for (const block of blocks) invocation.attach(block);
  return invocation.delegate();
}

async function answer(invocation: Invocation) {
  const capability = invocation.capabilities[0] as {
    can: string;
    with: string;
    nb: Record<string, unknown>;
  };
  invoked.push(capability.can);
  const ok = (value: Record<string, unknown>) =>
    Receipt.issue({ issuer: service, ran: invocation, result: { ok: value } });
  switch (capability.can) {
    case 'space/blob/add': {
      const blob = capability.nb.blob as { digest: Uint8Array; size: number };
      const space = DID.parse(capability.with as `did:key:${string}`) as never;
      const provider = await ed25519.generate();
      const url = `${BLOB_URL}/${base58btc.encode(blob.digest)}`;
      const allocate = await BlobCaps.allocate
        .invoke({
          issuer: service,
          audience: service,
          with: service.did(),
          nb: { blob, cause: invocation.link(), space },
          expiration: Infinity,
        })
        .delegate();
      const allocated = await Receipt.issue({
        issuer: service,
        ran: allocate,
        result: {
          ok: { size: blob.size, address: { url, headers: {}, expires: Date.now() + 60_000 } },
        },
      });
      const put = await HttpCaps.put
        .invoke({
          issuer: provider,
          audience: provider,
          with: provider.toDIDKey(),
          nb: {
            body: blob,
            url: { 'ucan/await': ['.out.ok.address.url', allocate.link()] },
            headers: { 'ucan/await': ['.out.ok.address.headers', allocate.link()] },
          },
          facts: [{ keys: provider.toArchive() }],
          expiration: Infinity,
        })
        .delegate();
      const accept = await BlobCaps.accept
        .invoke({
          issuer: service,
          audience: service,
          with: service.did(),
          nb: { blob, space, _put: { 'ucan/await': ['.out.ok', put.link()] } },
          expiration: Infinity,
        })
        .delegate();
      const site = await AssertCaps.location.delegate({
        issuer: service,
        audience: service,
        with: service.did(),
        nb: { content: { digest: blob.digest }, location: [url as `${string}:${string}`], space },
        expiration: Infinity,
      });
      const accepted = await Receipt.issue({
        issuer: service,
        ran: accept,
        result: { ok: { site: site.link() } },
        fx: { fork: [site] },
      });
      return Receipt.issue({
        issuer: service,
        ran: invocation,
        result: { ok: { site: { 'ucan/await': ['.out.ok.site', accept.link()] } } },
        fx: {
          join: accept.link(),
          fork: [
            allocate,
            await conclude(allocated as unknown as AnyReceipt),
            put,
            accept,
            await conclude(accepted as unknown as AnyReceipt),
          ],
        },
      });
    }
    case 'upload/add':
      if (failUploadAdd) {
        return Receipt.issue({
          issuer: service,
          ran: invocation,
          result: { error: { name: 'UploadAddError', message: 'space has no storage provider' } },
        });
      }
      uploadedRoot = String(capability.nb.root);
      return ok({ root: capability.nb.root, shards: capability.nb.shards });
    case 'filecoin/offer':
      return ok({ piece: capability.nb.piece });
    default: // ucan/conclude, space/index/add
      return ok({});
  }
}

const server = setupServer(
  http.post(`${SERVICE_URL}/`, async ({ request }) => {
    const message = await CAR.request.decode({
      headers: Object.fromEntries(request.headers),
      body: new Uint8Array(await request.arrayBuffer()),
    });
    const receipts = await Promise.all(message.invocations.map(answer));
    const response = CAR.response.encode(
      await Message.build({
        receipts: receipts as unknown as [Awaited<ReturnType<typeof Receipt.issue>>],
      }),
    );
    return new HttpResponse(response.body, { headers: response.headers });
  }),
  http.put(`${BLOB_URL}/:digest`, async ({ request, params }) => {
    const bytes = new Uint8Array(await request.arrayBuffer());
    const digest = (await sha256.digest(bytes)).bytes;
    if (base58btc.encode(digest) !== params.digest)
      return new HttpResponse('digest mismatch', { status: 400 });
    blobs.set(String(params.digest), bytes);
    return new HttpResponse(null, { status: 200 });
  }),
);

async function loggedInClient() {
  const client = await Client.create({
    principal: await ed25519.generate(),
    store: new StoreMemory(),
  });
  const space = await client.createSpace('tem-test', { skipGatewayAuthorization: true });
  await client.addSpace(await space.createAuthorization(client));
  await client.setCurrentSpace(space.did());
  return client;
}

beforeAll(async () => {
  service = (await ed25519.generate()).withDID('did:web:up.storacha.network');
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(() => server.close());

const planets = {
  kind: 'directory' as const,
  entries: [
    { path: 'mars.txt', content: utf8('Hello Mars!\n') },
    { path: 'venus.txt', content: utf8('Hello Venus!\n') },
  ],
};

describe('Storacha adapter (real @storacha/client, HTTP answered by msw)', () => {
  it('uploads the locally built CAR and returns our CID', async () => {
    const store = storachaStore({ client: await loggedInClient() });
    const cid = await store.put(planets);
    expect(cid.toString()).toBe('bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi');
    expect(uploadedRoot).toBe(cid.toString());
    expect(invoked).toContain('space/blob/add');
    expect(invoked).toContain('ucan/conclude');
    expect(invoked[invoked.length - 1]).toBe('upload/add');
    expect(blobs.size).toBeGreaterThanOrEqual(1);
  });

  it('turns a refused upload into UploadError', async () => {
    failUploadAdd = true;
    try {
      const store = storachaStore({ client: await loggedInClient() });
      await expect(store.put(planets)).rejects.toThrow(/Storacha upload failed/);
    } finally {
      failUploadAdd = false;
    }
  });
});

describe('Storacha adapter root check', () => {
  it('refuses a root other than the CID computed locally', async () => {
    const lying = {
      uploadCAR: async () => ({
        toString: () => 'bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354',
      }),
    };
    await expect(storachaStore({ client: lying }).put(planets)).rejects.toThrow(
      /answered root bafybeiczss/,
    );
  });
});
