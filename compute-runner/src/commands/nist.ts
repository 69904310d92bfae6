import { open } from 'node:fs/promises';
import { BitSequence, MAX_BITS, runNistSuite, type NistTestResult } from '@tem/core/nist';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';

const ALPHA = 0.01;
/** ASCII files may hold whitespace between digits; read at most this many bytes of them. */
const MAX_ASCII_BYTES = 4 * MAX_BITS;

function parseBits(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > MAX_BITS) {
    throw new UsageError(`--bits must be a whole number from 1 to ${MAX_BITS}, not '${value}'`);
  }
  return Number(value);
}

/** Reads the bits of FILE: packed MSB-first (as sts reads binary files), or '0'/'1' characters. */
async function readBits(
  file: string,
  bits: number | undefined,
  ascii: boolean,
): Promise<BitSequence> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `no such file: ${file}`
        : `cannot read ${file}: ${(error as Error).message}`,
    );
  }
  try {
    const { size } = await handle.stat();
    if (!ascii) {
      const available = Math.min(size, Math.floor(MAX_BITS / 8)) * 8;
      if (bits === undefined && size * 8 > MAX_BITS) {
        throw new CliError(
          `${file} holds ${size * 8} bits, more than the ${MAX_BITS} tem nist tests at once; pass --bits N to test a prefix`,
        );
      }
      const n = bits ?? available;
      if (n > size * 8)
        throw new CliError(`${file} holds ${size * 8} bits, fewer than --bits ${n}`);
      const bytes = new Uint8Array(Math.ceil(n / 8));
      await handle.read(bytes, 0, bytes.length, 0);
      return new BitSequence(bytes, n);
    }
    const length = Math.min(size, MAX_ASCII_BYTES);
    const data = new Uint8Array(length);
    await handle.read(data, 0, length, 0);
    const seq = BitSequence.fromAscii(data, bits ?? MAX_BITS);
    if (bits !== undefined && seq.length < bits) {
      throw new CliError(
        `${file} holds ${seq.length} '0'/'1' characters, fewer than --bits ${bits}`,
      );
    }
    return seq;
  } finally {
    await handle.close();
  }
}

/** The `--json` shape: `{"n": N, "tests": {"Frequency": {"p_values": [...]}, ...}}`. */
export function nistJson(n: number, results: NistTestResult[]): Record<string, unknown> {
  const tests: Record<string, unknown> = {};
  for (const r of results) {
    tests[r.name] = r.applicable
      ? { p_values: r.pValues, ...(r.labels ? { labels: r.labels } : {}) }
      : { p_values: [], applicable: false, reason: r.reason };
  }
  return { n, tests };
}

const verdict = (p: number) => (p >= ALPHA ? 'pass' : 'FAIL');

/** The human table: one row per test (or per p-value with --all / few values). */
export function nistTable(n: number, results: NistTestResult[], all: boolean): string {
  const width = 24;
  const lines = [
    `n = ${n} bits, alpha = ${ALPHA}`,
    '',
    `${'test'.padEnd(width)}  p-value   result`,
  ];
  for (const r of results) {
    const name = r.name.padEnd(width);
    if (!r.applicable) {
      lines.push(`${name}  -         ${r.reason ?? 'not applicable'}`);
      continue;
    }
    if (r.pValues.length <= 2 || all) {
      r.pValues.forEach((p, i) => {
        const label = r.labels?.[i] ? `  ${r.labels[i]}` : '';
        lines.push(`${i === 0 ? name : ''.padEnd(width)}  ${p.toFixed(6)}  ${verdict(p)}${label}`);
      });
      continue;
    }
    const passed = r.pValues.filter((p) => p >= ALPHA).length;
    const min = Math.min(...r.pValues);
    const at = r.labels?.[r.pValues.indexOf(min)];
    lines.push(
      `${name}  ${min.toFixed(6)}  ${passed}/${r.pValues.length} pass (smallest of ${r.pValues.length}${at ? `, ${at}` : ''})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `tem nist`: the 15 NIST SP 800-22 tests on a file, with sts-2.1.2's defaults. */
export const nist: Command = {
  name: 'nist',
  summary: 'run the 15 NIST SP 800-22 randomness tests on a file (p-values as NIST sts-2.1.2)',
  usage: 'tem nist <file> [--bits N] [--ascii] [--json] [--all]',
  examples: [
    'tem nist ciphertext.bin',
    'tem nist ../shared/data/nist/e.msb.bin --bits 1000000 --json',
    'tem nist data.e --ascii --bits 1000000',
  ],
  options: {
    bits: { type: 'string' },
    ascii: { type: 'boolean' },
    json: { type: 'boolean' },
    all: { type: 'boolean' },
  },
  optionHelp: {
    bits: 'test the first N bits (default: the whole file)',
    ascii: "read '0'/'1' characters, skipping anything else (the suite's ASCII mode)",
    json: 'print {"n": N, "tests": {"Frequency": {"p_values": [...]}, ...}}',
    all: 'list every p-value in the table, not a summary of the many-valued tests',
  },
  allowPositionals: true,
  async run({ values, positionals, stdout }) {
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? 'name a file' : 'name exactly one file');
    }
    const bits = parseBits(values.bits as string | undefined);
    const seq = await readBits(positionals[0]!, bits, values.ascii === true);
    if (seq.length === 0) throw new CliError(`${positionals[0]} holds no bits`);
    const results = runNistSuite(seq);
    stdout.write(
      values.json
        ? `${JSON.stringify(nistJson(seq.length, results))}\n`
        : nistTable(seq.length, results, values.all === true),
    );
    return 0;
  },
};
