import { CID } from 'multiformats/cid';
import { identity } from 'multiformats/hashes/identity';
import { describe, expect, it } from 'vitest';
import { addFile } from './add.js';
import { MemoryBlockStore } from './block-store.js';
import { RAW } from './cid.js';
import { BlockVerificationError, UnsupportedHashError } from './errors.js';
import { utf8 } from './test-support/bytes.js';
import { verifyBlock, verifyingSource } from './verify.js';

describe('block verification', () => {
  it('accepts matching sha2-256 and identity blocks', async () => {
    const store = new MemoryBlockStore();
    const cid = await addFile(utf8('hello world'), store);
    await verifyBlock(cid, await store.get(cid));
    await verifyBlock(CID.createV1(RAW, identity.digest(utf8('inline'))), utf8('inline'));
  });

  it('rejects other bytes, and hashes it cannot check', async () => {
    const store = new MemoryBlockStore();
    const cid = await addFile(utf8('hello world'), store);
    await expect(verifyBlock(cid, utf8('hello world!'))).rejects.toThrow(BlockVerificationError);
    const blake3 = CID.parse('bafkr4ihkr4ld3m4gqkjf4reryxsy2s5tkbxprqkow6fin2iiyvreuzzab4');
    await expect(verifyBlock(blake3, utf8('x'))).rejects.toThrow(UnsupportedHashError);
  });

  it('verifyingSource stops bad bytes from an untrusted source', async () => {
    const store = new MemoryBlockStore();
    const cid = await addFile(utf8('hello world'), store);
    const lying = { get: async () => utf8('not the block') };
    await expect(verifyingSource(lying).get(cid)).rejects.toThrow(BlockVerificationError);
    expect(await verifyingSource(store).get(cid)).toEqual(utf8('hello world'));
  });
});
