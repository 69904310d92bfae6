import { CarWriter } from '@ipld/car';
import { asyncIterableReader, readBlockHead, readHeader } from '@ipld/car/decoder';
import { varint } from 'multiformats';
import { CID } from 'multiformats/cid';
import type { BlockOptions, BlockSource } from './block-store.js';
import { walkDag, type Block } from './dag.js';
import { CarFormatError, ContentTooLargeError } from './errors.js';
import { MAX_BLOCK_BYTES, verifyBlock } from './verify.js';

type BytesReader = ReturnType<typeof asyncIterableReader>;

/** MIME type of CAR bytes, as trustless gateways use it. */
export const CAR_CONTENT_TYPE = 'application/vnd.ipld.car';

/**
 * Streams a CARv1 of the DAG under `root` (depth-first, no duplicates).
 *
 * @example for await (const chunk of packCar(root, store)) await sink.write(chunk)
 */
export function packCar(
  root: CID,
  source: BlockSource,
  options: BlockOptions = {},
): AsyncIterable<Uint8Array> {
  return packBlocks([root], walkDag(root, source, options));
}

/** Streams a CARv1 with `roots` in its header and `blocks` in order. */
export function packBlocks(
  roots: CID[],
  blocks: AsyncIterable<Block> | Iterable<Block>,
): AsyncIterable<Uint8Array> {
  // @ipld/car bundles its own multiformats; its CID type differs only nominally.
  const { writer, out } = CarWriter.create(
    roots as unknown as Parameters<typeof CarWriter.create>[0],
  );
  let failed: unknown;
  void (async () => {
    try {
      for await (const block of blocks)
        await writer.put(block as unknown as Parameters<typeof writer.put>[0]);
      await writer.close();
    } catch (error) {
      // Closing with an error is not in CarWriter's API: end the stream, the reader sees the error.
      failed = error;
      await writer.close().catch(() => {});
    }
  })();
  return (async function* () {
    for await (const chunk of out) yield chunk;
    if (failed) throw failed;
  })();
}

/** The whole CAR of the DAG under `root` as one byte array. */
export async function packCarBytes(
  root: CID,
  source: BlockSource,
  options: BlockOptions = {},
): Promise<Uint8Array> {
  return concatBytes(await collect(packCar(root, source, options)));
}

export interface ReadCarOptions extends BlockOptions {
  /** Refuse CARs larger than this many bytes with {@link ContentTooLargeError}. */
  maxBytes?: number;
}

/** A CAR being read: its roots, then its blocks, each verified against its CID before it is yielded. */
export interface CarContents {
  roots: CID[];
  blocks: AsyncIterable<Block>;
}

/** The largest CAR header read: a version and a few roots take well under a kilobyte. */
const MAX_HEADER_BYTES = 64 * 1024;
/** A section is a CID (a few dozen bytes; identity CIDs inline their data) and one block. */
const MAX_SECTION_BYTES = MAX_BLOCK_BYTES + 1024;

/**
 * Reads a CARv1, verifying every block against its CID ({@link BlockVerificationError} on a
 * mismatch, {@link CarFormatError} on malformed bytes, {@link ContentTooLargeError} over `maxBytes`).
 * It holds one section at a time: a section's declared length is checked against
 * {@link MAX_BLOCK_BYTES} before any of it is buffered, so a hostile length cannot make it read
 * a whole stream into memory.
 *
 * @example
 * const car = await readCar(bytes)
 * for await (const block of car.blocks) await store.put(block.cid, block.bytes)
 */
export async function readCar(
  input: Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ReadCarOptions = {},
): Promise<CarContents> {
  const reader = asyncIterableReader(
    limitBytes(input instanceof Uint8Array ? [input] : input, options),
  );
  let roots: CID[];
  try {
    await checkLength(reader, MAX_HEADER_BYTES, 'header');
    const header = await readHeader(reader);
    roots = header.roots.map((root) => CID.decode(root.bytes));
  } catch (error) {
    throw asCarError(error);
  }
  return {
    roots,
    blocks: (async function* () {
      try {
        while ((await reader.upTo(1)).length > 0) {
          options.signal?.throwIfAborted();
          await checkLength(reader, MAX_SECTION_BYTES, 'section');
          const head = await readBlockHead(reader);
          const bytes = await reader.exactly(head.blockLength, true);
          const cid = CID.decode(head.cid.bytes);
          await verifyBlock(cid, bytes);
          yield { cid, bytes };
        }
      } catch (error) {
        throw asCarError(error);
      }
    })(),
  };
}

/** Peeks at the varint length that starts a CAR header or section; refuses one above `max`. */
async function checkLength(reader: BytesReader, max: number, what: string): Promise<void> {
  const [length] = varint.decode(await reader.upTo(10));
  if (length > max) {
    throw new CarFormatError(`invalid CAR: a ${what} of ${length} bytes (at most ${max})`);
  }
}

function asCarError(error: unknown): Error {
  if (!(error instanceof Error)) return new CarFormatError(String(error));
  if (error.name === 'Error' || error.name === 'TypeError' || error.name === 'RangeError') {
    return new CarFormatError(`invalid CAR: ${error.message}`);
  }
  return error;
}

async function* limitBytes(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ReadCarOptions,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of input) {
    options.signal?.throwIfAborted();
    total += chunk.length;
    if (options.maxBytes !== undefined && total > options.maxBytes) {
      throw new ContentTooLargeError(options.maxBytes);
    }
    yield chunk;
  }
}

/** Collects an async iterable into an array. */
export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** Concatenates byte arrays. */
export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
