import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { nist } from './nist.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const eFile = path.resolve(repoRoot, '../shared/data/nist/e.msb.bin');

const run = (argv: string[]) => runCli(argv, { commands: [nist] });

describe('tem nist', () => {
  let dir: string;
  let asciiFile: string;
  const n = 100_000;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tem-nist-'));
    const bytes = await readFile(eFile);
    let text = '';
    for (let i = 0; i < n; i++) {
      text += (bytes[i >>> 3]! >>> (7 - (i & 7))) & 1;
      if (i % 64 === 63) text += '\n';
    }
    asciiFile = path.join(dir, 'e.txt');
    await writeFile(asciiFile, `${text} trailing text 2 3`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the JSON shape with every test in the suite order', async () => {
    const { code, stdout } = await run(['nist', eFile, '--bits', String(n), '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { n: number; tests: Record<string, { p_values: number[] }> };
    expect(json.n).toBe(n);
    expect(Object.keys(json.tests)).toHaveLength(15);
    expect(Object.keys(json.tests)[0]).toBe('Frequency');
    expect(json.tests.CumulativeSums!.p_values).toHaveLength(2);
    expect(json.tests.NonOverlappingTemplate!.p_values).toHaveLength(148);
    // 10^5 bits of e have too few cycles for the excursion tests
    expect(json.tests.RandomExcursions).toMatchObject({ p_values: [], applicable: false });
  });

  it('reads ASCII files as the suite does, giving the same p-values as the packed bits', async () => {
    const binary = JSON.parse((await run(['nist', eFile, '--bits', String(n), '--json'])).stdout);
    const ascii = JSON.parse((await run(['nist', asciiFile, '--ascii', '--json'])).stdout);
    expect(ascii).toEqual(binary);
  });

  it('prints a table with a pass/FAIL verdict at alpha 0.01', async () => {
    const { code, stdout } = await run(['nist', eFile, '--bits', '1000000']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Frequency\s+0\.953749\s+pass$/m);
    expect(stdout).toMatch(/^NonOverlappingTemplate\s+0\.\d{6}\s+145\/148 pass/m);
  });

  it('passes the suite parameters through, and rejects bad ones as usage errors', async () => {
    const custom = await run(['nist', eFile, '--bits', String(n), '--json', '--serial-m', '3']);
    const json = JSON.parse(custom.stdout) as { tests: Record<string, { p_values: number[] }> };
    const { serialTest, BitSequence } = await import('@tem/core/nist');
    const seq = new BitSequence(new Uint8Array(await readFile(eFile)), n);
    expect(json.tests.Serial!.p_values).toEqual(serialTest(seq, { blockLength: 3 }).pValues);
    const bad = await run(['nist', eFile, '--bits', String(n), '--serial-m', '99']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Serial blockLength must be an integer in \[1, 22\], got 99/);
  });

  it('fails clearly on a missing file, a bad --bits, and a file shorter than --bits', async () => {
    expect((await run(['nist', dir])).stderr).toMatch(/is not a regular file/);
    const missing = await run(['nist', path.join(dir, 'nope.bin')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
    const bad = await run(['nist', eFile, '--bits', '1e6']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--bits must be a whole number/);
    expect((await run(['nist', eFile, '--bits=0'])).stderr).toMatch(
      /--bits must be a whole number/,
    );
    const short = await run(['nist', eFile, '--bits', '1000001']);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/holds 1000000 bits, fewer than --bits 1000001/);
    const shortAscii = await run(['nist', asciiFile, '--ascii', '--bits', String(n + 1)]);
    expect(shortAscii.code).toBe(1);
    expect(shortAscii.stderr).toMatch(/fewer than --bits/);
  });
});
