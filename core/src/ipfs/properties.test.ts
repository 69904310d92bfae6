import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addFile, cidOfBytes, cidOfFile } from './add.js';
import { MemoryBlockStore } from './block-store.js';
import { collect, packCarBytes, readCar } from './car.js';
import { walkDag } from './dag.js';
import { BlockVerificationError } from './errors.js';

describe('properties', () => {
  it('the CID does not depend on how the bytes are chunked on the way in', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 700_000 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(0 as const, 1 as const),
        async (bytes, cuts, cidVersion) => {
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const pieces = [0, ...points].map((start, i) =>
            bytes.subarray(start, [...points, bytes.length][i]),
          );
          const streamed = await cidOfFile(pieces, { cidVersion });
          expect(streamed.equals(await cidOfBytes(bytes, { cidVersion }))).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('flipping any byte of block data inside a CAR is detected', async () => {
    const store = new MemoryBlockStore();
    const root = await addFile(
      new Uint8Array(600_000).map((_, i) => (i * 13) % 256),
      store,
    );
    const car = await packCarBytes(root, store);
    // Where each block's bytes sit in the CAR (a CID's codec byte may change without harm: blocks
    // are verified by multihash, so only the data is under test).
    const ranges = (await collect(walkDag(root, store))).map((block) => {
      const at = Buffer.from(car).indexOf(Buffer.from(block.bytes));
      return [at, at + block.bytes.length - 1] as const;
    });
    const position = fc
      .integer({ min: 0, max: ranges.length - 1 })
      .chain((i) => fc.integer({ min: ranges[i]![0], max: ranges[i]![1] }));
    await fc.assert(
      fc.asyncProperty(position, fc.integer({ min: 1, max: 255 }), async (at, mask) => {
        const altered = car.slice();
        altered[at] = altered[at]! ^ mask;
        await expect(collect((await readCar(altered)).blocks)).rejects.toThrow(
          BlockVerificationError,
        );
      }),
      { numRuns: 60 },
    );
  });
});
