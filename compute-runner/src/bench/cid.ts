import {
  addFile,
  cidOfBytes,
  collect,
  MemoryBlockStore,
  packCarBytes,
  readCar,
} from '@tem/core/ipfs';
import type { BenchSuite } from './suite.js';

const MiB = 1024 * 1024;

/** Deterministic incompressible input (xorshift32). */
function input(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  const words = new Uint32Array(out.buffer, 0, bytes >>> 2);
  let x = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return out;
}

/** Median seconds of `runs` timed calls after one warm-up. */
async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    seconds.push((performance.now() - start) / 1000);
  }
  seconds.sort((a, b) => a - b);
  return seconds[Math.floor(seconds.length / 2)]!;
}

const rate = (bytes: number, seconds: number) => Math.round((bytes / MiB / seconds) * 10) / 10;

/** `tem bench ipfs`: CID and CAR throughput (MB/s, MiB per second) on a 64 MiB input. */
export const ipfsBench: BenchSuite = {
  name: 'ipfs',
  summary: 'CID computation and CAR pack/read throughput on a 64 MiB file',
  async run({ quick, log }) {
    const size = (quick ? 8 : 64) * MiB;
    const runs = quick ? 1 : 3;
    const bytes = input(size);
    log(`input ${size / MiB} MiB, median of ${runs} runs after a warm-up`);

    const cidV1 = await time(runs, () => cidOfBytes(bytes));
    log(`CIDv1 ${rate(size, cidV1)} MiB/s`);
    const cidV0 = await time(runs, () => cidOfBytes(bytes, { cidVersion: 0 }));
    log(`CIDv0 ${rate(size, cidV0)} MiB/s`);

    const store = new MemoryBlockStore();
    const root = await addFile(bytes, store);
    const pack = await time(runs, () => packCarBytes(root, store));
    const car = await packCarBytes(root, store);
    log(`CAR pack ${rate(size, pack)} MiB/s`);
    const read = await time(runs, async () => collect((await readCar(car)).blocks));
    log(`CAR read+verify ${rate(size, read)} MiB/s`);
    const addAndPack = await time(runs, async () => {
      const fresh = new MemoryBlockStore();
      return packCarBytes(await addFile(bytes, fresh), fresh);
    });

    return {
      inputMiB: size / MiB,
      runs,
      cidV1MiBps: rate(size, cidV1),
      cidV0MiBps: rate(size, cidV0),
      carPackMiBps: rate(size, pack),
      carReadVerifyMiBps: rate(size, read),
      importAndPackMiBps: rate(size, addAndPack),
      carBytes: car.length,
      blocks: store.size,
    };
  },
};
