import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { encrypt } from './encrypt.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const data = path.resolve(repoRoot, '../shared/data/bisuna');
const alice = path.join(data, 'U1/alicesCPAbisuna.dat');
const bob = path.join(data, 'U1/bobsCPAbisuna.dat');
const eBin = path.join(data, 'inputs/e.bin');

async function run(argv: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString()));
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await main(argv, { commands: [encrypt], stdout: out, stderr: err });
  return { code, stdout, stderr };
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

describe('tem encrypt', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tem-encrypt-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replays the reference run of U1 e.bin (--rng-seed/--rng-skip) for agents 0 and 25', async () => {
    const out = path.join(dir, 'replay');
    const r = await run([
      'encrypt',
      ...['--alice', alice, '--bob', bob, '--in', eBin, '--out', out],
      ...['--agents', '25,0', '--rng-seed', '1605172632', '--rng-skip', '719'],
    ]);
    expect(r.stderr).toContain('Result.binPassword.bin');
    expect(r.code).toBe(0);
    const log = await readFile(path.join(data, 'U1/e.bin/log.txt'), 'utf8');
    const expected = (i: number) =>
      log
        .split('\n')
        .find((l) => l.startsWith(`${i},`))!
        .split(',')
        .slice(0, 4)
        .join(',');
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      expected(0),
      expected(25),
    ]);
    expect(lines[1]).toContain(path.join(out, 'Result25Enc', 'Result25Enc.bin'));
    expect(
      same(
        await readFile(path.join(out, 'Result.binPassword.bin')),
        await readFile(path.join(data, 'U1/e.bin/Result.binPassword.bin')),
      ),
    ).toBe(true);
    for (const kind of ['Enc', 'Dec']) {
      const got = await readFile(path.join(out, `Result25${kind}`, `Result25${kind}.bin`));
      const want = await readFile(path.join(data, `U1/e.bin/Result25${kind}/Result25${kind}.bin`));
      expect(same(got, want), kind).toBe(true);
    }
  });

  it('uses a given key and generates none', async () => {
    const out = path.join(dir, 'keyed');
    const input = path.join(dir, 'small.bin');
    await writeFile(
      input,
      Uint8Array.from({ length: 601 }, (_, i) => (i * 37) & 0xff),
    );
    const key = path.join(dir, 'key.bin');
    await writeFile(
      key,
      Uint8Array.from({ length: 600 }, (_, i) => (i * 91) & 0xff),
    );
    const r = await run([
      'encrypt',
      '--alice',
      alice,
      '--bob',
      bob,
      '--in',
      input,
      '--out',
      out,
      '--key',
      key,
      '--agents',
      '0',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // Agent 0 decrypts perfectly; the odd trailing byte is dropped (spec §11.4).
    const dec = await readFile(path.join(out, 'Result0Dec', 'Result0Dec.bin'));
    expect(same(dec, (await readFile(input)).subarray(0, 600))).toBe(true);
    expect(r.stdout).toMatch(/^0,-?\d+\.\d{6},-?\d+\.\d{6},100\.000000,/);
  });

  it('keeps the BMP format in --bmp mode (agent 0 restores the pixels)', async () => {
    const out = path.join(dir, 'bmp');
    const image = path.join(data, 'inputs/TestImage.bmp');
    const r = await run([
      'encrypt',
      '--alice',
      alice,
      '--bob',
      bob,
      '--in',
      image,
      '--out',
      out,
      '--bmp',
      '--agents',
      '0',
    ]);
    expect(r.code).toBe(0);
    const original = await readFile(image);
    const dec = await readFile(path.join(out, 'Result0Dec', 'Result0Dec.bmp'));
    const enc = await readFile(path.join(out, 'Result0Enc', 'Result0Enc.bmp'));
    expect(dec.subarray(0, 2).toString()).toBe('BM');
    expect(enc.length).toBe(dec.length);
    expect(same(enc, dec)).toBe(false);
    // Pixel rows of the decryption equal the original's (same offsets for a canonical 24-bit BMP).
    const offset = original.readUInt32LE(10);
    const decOffset = dec.readUInt32LE(10);
    expect(
      same(dec.subarray(decOffset), original.subarray(offset, offset + dec.length - decOffset)),
    ).toBe(true);
  });

  it('reports bad flags and corrupt files as one-line errors', async () => {
    expect((await run(['encrypt', '--alice', alice])).code).toBe(2);
    const r = await run(['encrypt', '--alice', eBin, '--bob', bob, '--in', eBin, '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/e\.bin: .*byte offset/);
    const s = await run([
      'encrypt',
      '--alice',
      alice,
      '--bob',
      bob,
      '--in',
      eBin,
      '--out',
      dir,
      '--agents',
      '100',
    ]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('agent 100 does not exist');
  });
});
