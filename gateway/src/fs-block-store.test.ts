import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockNotFoundError, cidOfBytes, CID } from '@tem/core/ipfs';
import { afterAll, describe, expect, it } from 'vitest';
import { FsBlockStore } from './fs-block-store.js';

const dir = mkdtempSync(join(tmpdir(), 'tem-fsblocks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('FsBlockStore', () => {
  it('puts, gets and has blocks by multihash (v0 and v1 CIDs share a block)', async () => {
    const store = await FsBlockStore.open(dir);
    const bytes = new TextEncoder().encode('hello world');
    const v1 = await cidOfBytes(bytes);
    await store.put(v1, bytes);
    await store.put(v1, bytes); // idempotent
    expect(await store.has(v1)).toBe(true);
    expect(new TextDecoder().decode(await store.get(v1))).toBe('hello world');
    const sameHashOtherCodec = CID.createV1(0x70, v1.multihash);
    expect(await store.has(sameHashOtherCodec)).toBe(true);
    expect(await store.count()).toBe(1);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('throws BlockNotFoundError for a missing block', async () => {
    const store = await FsBlockStore.open(dir);
    const missing = await cidOfBytes(new TextEncoder().encode('never stored'));
    expect(await store.has(missing)).toBe(false);
    await expect(store.get(missing)).rejects.toThrow(BlockNotFoundError);
  });
});
