/**
 * `npm run bench -w gateway`: what uploads cost the gateway. Peak resident memory of the gateway
 * process for one 300 MiB upload and for four at once (as `npm start` runs it), throughput, and
 * the time to store a CAR of 1,000 small blocks, committed together as uploads now are, against
 * one durable write per block as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cidOfBytes } from '@tem/core/ipfs';
import { FsBlockStore } from '../src/fs-block-store.js';
import { bigFileCar, startGatewayProcess, uploadCar } from '../test/test-support/big-upload.js';

const MiB = 1024 * 1024;
const quick = process.argv.includes('--quick');
const SIZE = (quick ? 50 : 300) * MiB;
const mib = (bytes: number) => Number((bytes / MiB).toFixed(1));

async function uploads(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'tem-gateway-bench-'));
  const gateway = await startGatewayProcess(dir, ['--max-upload-bytes', String(SIZE + 64 * MiB)]);
  try {
    const idle = gateway.rss();
    const one = await bigFileCar(SIZE, 1);
    let start = performance.now();
    const res = await uploadCar(gateway.url, one.car());
    if (res.status !== 200) throw new Error(`upload answered ${res.status}: ${res.body}`);
    const oneMs = performance.now() - start;
    const afterOne = gateway.peakRss();
    const four = await Promise.all([2, 3, 4, 5].map((seed) => bigFileCar(SIZE, seed)));
    start = performance.now();
    const answers = await Promise.all(four.map((f) => uploadCar(gateway.url, f.car())));
    const fourMs = performance.now() - start;
    if (answers.some((a) => a.status !== 200)) throw new Error('a parallel upload failed');
    return {
      uploadMiB: mib(SIZE),
      idleRssMiB: mib(idle),
      peakRssOneUploadMiB: mib(afterOne),
      peakRssFourUploadsMiB: mib(gateway.peakRss()),
      oneUploadMiBPerSecond: Number((SIZE / MiB / (oneMs / 1000)).toFixed(1)),
      fourUploadsMiBPerSecond: Number(((4 * SIZE) / MiB / (fourMs / 1000)).toFixed(1)),
    };
  } finally {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function smallBlocks(): Promise<Record<string, unknown>> {
  const blocks = await Promise.all(
    Array.from({ length: 1000 }, async (_, i) => {
      const bytes = new TextEncoder().encode(`block ${i} `.repeat(100));
      return { cid: await cidOfBytes(bytes), bytes };
    }),
  );
  const time = async (store: (s: FsBlockStore) => Promise<void>) => {
    const dir = mkdtempSync(join(tmpdir(), 'tem-gateway-bench-'));
    try {
      const s = await FsBlockStore.open(dir);
      const start = performance.now();
      await store(s);
      return Math.round(performance.now() - start);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const perBlockMs = await time(async (s) => {
    for (const b of blocks) await s.put(b.cid, b.bytes);
  });
  const batchMs = await time(async (s) => {
    const batch = s.batch();
    for (const b of blocks) await batch.put(b.cid, b.bytes);
    await batch.commit();
    await batch.discard();
  });
  return { blocks: 1000, oneCommitPerBlockMs: perBlockMs, oneCommitPerUploadMs: batchMs };
}

const results = { uploads: await uploads(), smallBlocks: await smallBlocks() };
console.log(JSON.stringify(results, null, 2));
