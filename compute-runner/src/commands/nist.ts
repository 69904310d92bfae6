import { open } from 'node:fs/promises';
import {
  BitSequence,
  MAX_BITS,
  runNistSuite,
  type NistSuiteOptions,
  type NistTestResult,
} from '@tem/core/nist';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';

const ALPHA = 0.01;
/** ASCII files are read in chunks of this many bytes, until enough '0'/'1' characters are seen. */
const ASCII_CHUNK = 1 << 20;

function parseBits(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > MAX_BITS) {
    throw new UsageError(`--bits must be a whole number from 1 to ${MAX_BITS}, not '${value}'`);
  }
  return Number(value);
}

/** The suite's adjustable parameters (sts-2.1.2's "parameter adjustments" menu), as flags. */
const PARAMETER_FLAGS = {
  'block-frequency-m': 'BlockFrequency block length M (default 128)',
  'non-overlapping-m': 'NonOverlappingTemplate template length m, 2..21 (default 9)',
  'overlapping-m': 'OverlappingTemplate template length m (default 9)',
  'apen-m': 'ApproximateEntropy block length m (default 10)',
  'serial-m': 'Serial block length m (default 16)',
  'linear-complexity-m': 'LinearComplexity block length M (default 500)',
} as const;

function parseParameters(values: Record<string, unknown>): NistSuiteOptions {
  const int = (flag: keyof typeof PARAMETER_FLAGS): number | undefined => {
    const value = values[flag];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !/^[0-9]{1,9}$/.test(value)) {
      throw new UsageError(`--${flag} must be a whole number, not '${String(value)}'`);
    }
    return Number(value);
  };
  return {
    blockFrequency: { blockLength: int('block-frequency-m') },
    nonOverlappingTemplate: { templateLength: int('non-overlapping-m') },
    overlappingTemplate: { templateLength: int('overlapping-m') },
    approximateEntropy: { blockLength: int('apen-m') },
    serial: { blockLength: int('serial-m') },
    linearComplexity: { blockLength: int('linear-complexity-m') },
  };
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
    const stat = await handle.stat();
    if (!stat.isFile()) throw new CliError(`${file} is not a regular file`);
    const { size } = stat;
    if (!ascii) {
      const available = size * 8;
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
    const limit = bits ?? MAX_BITS;
    const packed = new Uint8Array(Math.ceil(limit / 8));
    const chunk = new Uint8Array(ASCII_CHUNK);
    let n = 0;
    let position = 0;
    let excess = false;
    while (position < size && !excess) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      for (let i = 0; i < bytesRead; i++) {
        const c = chunk[i]!;
        if (c !== 48 && c !== 49) continue;
        if (n === limit) {
          excess = true;
          break;
        }
        if (c === 49) packed[n >>> 3]! |= 0x80 >>> (n & 7);
        n++;
      }
    }
    if (excess && bits === undefined) {
      throw new CliError(
        `${file} holds more than the ${MAX_BITS} bits tem nist tests at once; pass --bits N to test a prefix`,
      );
    }
    if (bits !== undefined && n < bits) {
      throw new CliError(`${file} holds ${n} '0'/'1' characters, fewer than --bits ${bits}`);
    }
    return new BitSequence(packed, n);
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
  usage: 'tem nist <file> [--bits N] [--ascii] [--json] [--all] [--serial-m m] [--apen-m m] [...]',
  examples: [
    'tem nist ciphertext.bin',
    'tem nist ../shared/data/nist/e.msb.bin --bits 1000000 --json',
    'tem nist data.e --ascii --bits 1000000',
    'tem nist ciphertext.bin --block-frequency-m 1000 --serial-m 10',
  ],
  options: {
    bits: { type: 'string' },
    ascii: { type: 'boolean' },
    json: { type: 'boolean' },
    all: { type: 'boolean' },
    ...Object.fromEntries(Object.keys(PARAMETER_FLAGS).map((flag) => [flag, { type: 'string' }])),
  },
  optionHelp: {
    bits: 'test the first N bits (default: the whole file)',
    ascii: "read '0'/'1' characters, skipping anything else (the suite's ASCII mode)",
    json: 'print {"n": N, "tests": {"Frequency": {"p_values": [...]}, ...}}',
    all: 'list every p-value in the table, not a summary of the many-valued tests',
    ...PARAMETER_FLAGS,
  },
  allowPositionals: true,
  async run({ values, positionals, stdout }) {
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? 'name a file' : 'name exactly one file');
    }
    const bits = parseBits(values.bits as string | undefined);
    const options = parseParameters(values);
    const seq = await readBits(positionals[0]!, bits, values.ascii === true);
    if (seq.length === 0) throw new CliError(`${positionals[0]} holds no bits`);
    let results: NistTestResult[];
    try {
      results = runNistSuite(seq, options);
    } catch (error) {
      if (error instanceof Error && error.name === 'NistParameterError') {
        throw new UsageError(error.message);
      }
      throw error;
    }
    stdout.write(
      values.json
        ? `${JSON.stringify(nistJson(seq.length, results))}\n`
        : nistTable(seq.length, results, values.all === true),
    );
    return 0;
  },
};
