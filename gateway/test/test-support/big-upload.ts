/**
 * Test and bench support: the gateway as its own process (so its memory can be read), and large
 * CAR uploads generated on the fly, so the sender holds one block at a time too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as dagPb from '@ipld/dag-pb';
import { CAR_CONTENT_TYPE, packBlocks, type Block } from '@tem/core/ipfs';
import { UnixFS } from 'ipfs-unixfs';
import { GATEWAY_NODE_FLAGS } from '../../src/node-flags.js';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const LEAF_BYTES = 256 * 1024;
const RAW = 0x55;

/** The gateway (`gateway/src/main.ts`) as a child process. */
export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  /** Peak resident memory of the process so far (VmHWM), in bytes. */
  peakRss(): number;
  /** Resident memory now (VmRSS), in bytes. */
  rss(): number;
  /** What the process wrote to stderr (its log). */
  stderr(): string;
  close(): Promise<void>;
}

export async function startGatewayProcess(
  dataDir: string,
  extra: string[] = [],
): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    [
      ...GATEWAY_NODE_FLAGS,
      '--import',
      'tsx',
      MAIN,
      '--data-dir',
      dataDir,
      '--port',
      '0',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /IPFS gateway on (http:\S+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`gateway exited (${code}): ${stderr}`)));
  });
  const status = (field: string) => {
    const text = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    if (!kib) throw new Error(`no ${field} in /proc/${child.pid}/status`);
    return Number(kib[1]) * 1024;
  };
  return {
    url,
    child,
    peakRss: () => status('VmHWM'),
    rss: () => status('VmRSS'),
    stderr: () => stderr,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Leaf `i` of file `seed`: distinct bytes, regenerated identically on every call. */
function leaf(seed: number, i: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let x = (seed * 0x9e3779b1 + i * 0x85ebca6b) >>> 0 || 1;
  for (let at = 0; at + 4 <= size; at += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    view.setUint32(at, x >>> 0);
  }
  return bytes;
}

/** A UnixFS file of `bytes` bytes (raw leaves under one dag-pb root) as a CAR stream. */
export interface BigFileCar {
  root: CID;
  bytes: number;
  blocks: number;
  car(): AsyncIterable<Uint8Array>;
}

export async function bigFileCar(bytes: number, seed: number): Promise<BigFileCar> {
  const count = Math.ceil(bytes / LEAF_BYTES);
  const sizeOf = (i: number) => Math.min(LEAF_BYTES, bytes - i * LEAF_BYTES);
  const links: dagPb.PBLink[] = [];
  for (let i = 0; i < count; i++) {
    const cid = CID.createV1(RAW, await sha256.digest(leaf(seed, i, sizeOf(i))));
    links.push({ Hash: cid, Tsize: sizeOf(i) });
  }
  const data = new UnixFS({
    type: 'file',
    blockSizes: links.map((l) => BigInt(l.Tsize!)),
  }).marshal();
  const rootBytes = dagPb.encode(dagPb.prepare({ Data: data, Links: links }));
  const root = CID.createV1(dagPb.code, await sha256.digest(rootBytes));
  async function* blocks(): AsyncGenerator<Block> {
    yield { cid: root, bytes: rootBytes };
    for (let i = 0; i < count; i++) yield { cid: links[i]!.Hash, bytes: leaf(seed, i, sizeOf(i)) };
  }
  return { root, bytes, blocks: count + 1, car: () => packBlocks([root], blocks()) };
}

/**
 * POSTs a CAR stream to `<url>/upload` (chunked, as it is generated, waiting for the socket to
 * drain) on a connection of its own: reusing an idle keep-alive socket races the server closing
 * it. Resolves with the answer's status and body.
 */
export function uploadCar(
  url: string,
  car: AsyncIterable<Uint8Array>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/upload`,
      { method: 'POST', agent: false, headers: { 'content-type': CAR_CONTENT_TYPE } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    void (async () => {
      for await (const chunk of car) {
        if (!req.write(chunk)) await new Promise((drained) => req.once('drain', drained));
      }
      req.end();
    })().catch((error: Error) => req.destroy(error));
  });
}
