import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from '../commands/index.js';
import { findRepoRoot, sharedDataDir, SharedDataError } from './shared-data.js';
import type { BenchSuite } from './suite.js';

/** `compute-runner/bin/tem.js`, the file `tem` on the PATH runs (npm links it). */
function temBin(): string {
  const root = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
  if (!root) throw new SharedDataError('tem bench commands runs in the repository');
  return path.join(root, 'compute-runner/bin/tem.js');
}
/** GNU time: the CPU time of a child, which the wall clock of a loaded machine hides. */
const GNU_TIME = '/usr/bin/time';

interface Timing {
  wallMs: number;
  cpuMs?: number;
}

/** Runs a command to its end; its wall time and, with GNU time, its CPU time (user + system). */
function timeCommand(
  command: string,
  args: string[],
  options: { cwd?: string; input?: string; exitCodes?: number[] } = {},
): Timing {
  const { exitCodes = [0], ...spawnOptions } = options;
  const gnuTime = existsSync(GNU_TIME);
  const start = performance.now();
  const result = gnuTime
    ? spawnSync(GNU_TIME, ['-f', 'tem-bench-cpu %U %S', command, ...args], {
        ...spawnOptions,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      })
    : spawnSync(command, args, {
        ...spawnOptions,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
  const wallMs = performance.now() - start;
  const cpu = /tem-bench-cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
  if (!exitCodes.includes(result.status ?? -1)) {
    throw new Error(`${command} ${args.join(' ')} failed: ${(result.stderr ?? '').slice(-500)}`);
  }
  return {
    wallMs: Math.round(wallMs),
    ...(cpu ? { cpuMs: Math.round((Number(cpu[1]) + Number(cpu[2])) * 1000) } : {}),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function medianTiming(timings: Timing[]): Timing {
  const cpu = timings.flatMap((t) => (t.cpuMs === undefined ? [] : [t.cpuMs]));
  return {
    wallMs: median(timings.map((t) => t.wallMs)),
    ...(cpu.length ? { cpuMs: median(cpu) } : {}),
  };
}

const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? undefined : Number((a / b).toFixed(3));

/**
 * `tem <args>` as a user runs it (`node bin/tem.js`), then `reference()` when given, alternately
 * `runs` times (the machine's load drifts: pairs see the same load); medians of each.
 */
function paired(
  runs: number,
  tem: string[],
  reference?: () => Timing,
): { tem: Timing; reference?: Timing } {
  const ours: Timing[] = [];
  const theirs: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(timeCommand(process.execPath, [temBin(), ...tem]));
    if (reference) theirs.push(reference());
  }
  return { tem: medianTiming(ours), ...(reference ? { reference: medianTiming(theirs) } : {}) };
}

/**
 * NIST's sts-2.1.2 `assess` (built from the unmodified sources, `gcc -O2`) in its own folder, run
 * as its menu asks: input file, all 15 tests, default parameters, one stream, binary.
 */
function nistAssess(stsDir: string, file: string): () => Timing {
  return () =>
    // assess ends its main() with exit code 1 after a complete run.
    timeCommand('./assess', ['1000000'], {
      cwd: stsDir,
      input: `0\n${file}\n1\n0\n1\n1\n`,
      exitCodes: [0, 1],
    });
}

/**
 * The BiSUNA reference (rhvall/BiSUNA, `g++ -O3`, its own Makefile) running ExtraEncodeDecode on
 * e.bin with all 100 U1 pairs, encryption and decryption only (its AES comparisons off).
 */
async function bisunaReference(binary: string, data: string, dir: string): Promise<() => Timing> {
  const out = path.join(dir, 'reference-out/');
  await writeFile(
    path.join(dir, 'Conf.ini'),
    [
      '[General]',
      'ExecutionType = Thread',
      'Generations = 1',
      '[Environment]',
      'EnvironmentName = ExtraEncodeDecode',
      'EnvironmentConf = ExtraEncodeDecode.ini',
      '[Thread]',
      'ThreadNumber = 1',
      '',
    ].join('\n'),
  );
  await writeFile(
    path.join(dir, 'ExtraEncodeDecode.ini'),
    [
      '[ExtraEncodeDecode]',
      `InputFile = ${path.join(data, 'bisuna/inputs/e.bin')}`,
      `OutputFolder = ${out}`,
      'OutputFileName = Result.bin',
      'OutputEncDec = true',
      'IsBMP = false',
      'StorePass = true',
      `EncryptorFile = ${path.join(data, 'bisuna/U1/alicesCPAbisuna.dat')}`,
      `DecryptorFile = ${path.join(data, 'bisuna/U1/bobsCPAbisuna.dat')}`,
      'MaxPopulation = 0',
      'OutputAES = false',
      'OutputBlockAES = false',
      '',
    ].join('\n'),
  );
  return () => {
    spawnSync('mkdir', ['-p', out]);
    return timeCommand(binary, ['Conf.ini'], { cwd: dir });
  };
}

/**
 * `tem bench commands`: whole commands as a user times them, through `bin/tem.js` (what `tem` on
 * the PATH is): start-up of `tem --help` and of each command, `tem nist` on 10^6 bits and
 * `tem encrypt` of e.bin with 100 agents, each beside its reference when one is built:
 * TEM_BENCH_NIST_STS names the folder of a built sts-2.1.2 `assess`, TEM_BENCH_BISUNA a built
 * BiSUNA reference binary (docs/performance.md says how to build them; neither is shipped).
 */
export const commandsBench: BenchSuite = {
  name: 'commands',
  summary: 'whole tem commands: start-up, tem nist and tem encrypt beside NIST C and BiSUNA C++',
  async run({ quick, log }) {
    const env = process.env;
    const runs = quick ? 3 : 9;
    log(`start-up: median of ${runs} runs each`);
    const startup: Record<string, Timing> = {
      '--help': paired(runs, ['--help']).tem,
    };
    for (const { name } of commands) {
      startup[`${name} --help`] = paired(runs, [name, '--help']).tem;
    }

    let data: string;
    try {
      data = sharedDataDir();
    } catch (error) {
      if (error instanceof SharedDataError) return { startup, note: error.message };
      throw error;
    }
    const bits = path.join(data, 'nist/e.msb.bin');
    const sts = env.TEM_BENCH_NIST_STS;
    log(`tem nist on 10^6 bits${sts ? ' and NIST assess, alternately' : ''}: ${runs} runs`);
    const nist = paired(runs, ['nist', bits], sts ? nistAssess(sts, bits) : undefined);

    const dir = await mkdtemp(path.join(tmpdir(), 'tem-bench-commands-'));
    try {
      const reference = env.TEM_BENCH_BISUNA;
      const encryptRuns = quick ? 1 : 3;
      log(
        `tem encrypt e.bin with 100 agents${reference ? ' and the BiSUNA reference, alternately' : ''}: ${encryptRuns} runs`,
      );
      const encrypt = paired(
        encryptRuns,
        [
          'encrypt',
          ...['--alice', path.join(data, 'bisuna/U1/alicesCPAbisuna.dat')],
          ...['--bob', path.join(data, 'bisuna/U1/bobsCPAbisuna.dat')],
          ...['--in', path.join(data, 'bisuna/inputs/e.bin')],
          ...['--out', path.join(dir, 'tem-out')],
        ],
        reference ? await bisunaReference(reference, data, dir) : undefined,
      );
      return {
        startup,
        nist: {
          ...nist,
          ...(nist.reference && {
            wallRatio: ratio(nist.tem.wallMs, nist.reference.wallMs),
            cpuRatio: ratio(nist.tem.cpuMs, nist.reference.cpuMs),
          }),
          ...(!sts && { note: 'set TEM_BENCH_NIST_STS to a built sts-2.1.2 folder to compare' }),
        },
        encrypt: {
          ...encrypt,
          ...(encrypt.reference && {
            wallSpeedup: ratio(encrypt.reference.wallMs, encrypt.tem.wallMs),
            cpuSpeedup: ratio(encrypt.reference.cpuMs, encrypt.tem.cpuMs),
          }),
          ...(!reference && {
            note: 'set TEM_BENCH_BISUNA to a built BiSUNA reference binary to compare',
          }),
        },
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
