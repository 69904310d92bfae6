import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bigFileCar,
  startGatewayProcess,
  uploadCar,
  type GatewayProcess,
} from './test-support/big-upload.js';

const MiB = 1024 * 1024;
/** The bound of issue 21: a 300 MiB upload, and four at once, within this much gateway memory. */
const MEMORY_BOUND = 150 * MiB;

let dir: string;
let gateway: GatewayProcess;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tem-gateway-memory-'));
  gateway = await startGatewayProcess(dir, ['--max-upload-bytes', String(400 * MiB)]);
});
afterAll(async () => {
  await gateway?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function uploadAndCheck(seed: number) {
  const file = await bigFileCar(300 * MiB, seed);
  const res = await uploadCar(gateway.url, file.car()).catch((error: Error) => {
    throw new Error(`upload ${seed} failed: ${error.message}; gateway log: ${gateway.stderr()}`, {
      cause: error,
    });
  });
  expect(res.status, res.body).toBe(200);
  expect(JSON.parse(res.body)).toEqual({
    cid: file.root.toString(),
    blocks: file.blocks,
    bytes: expect.any(Number),
  });
  const head = await fetch(`${gateway.url}/ipfs/${file.root}`, { method: 'HEAD' });
  expect(head.headers.get('content-length')).toBe(String(300 * MiB));
}

describe('the gateway process streams uploads with bounded memory', () => {
  it('stores a 300 MiB upload within 150 MiB of resident memory', async () => {
    await uploadAndCheck(1);
    expect(gateway.peakRss()).toBeLessThan(MEMORY_BOUND);
  }, 300_000);

  it('stores four 300 MiB uploads at once within the same bound', async () => {
    await Promise.all([2, 3, 4, 5].map(uploadAndCheck));
    expect(gateway.peakRss()).toBeLessThan(MEMORY_BOUND);
  }, 600_000);
});
