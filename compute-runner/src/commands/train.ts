import { randomInt } from 'node:crypto';
import { access, mkdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import {
  environmentConfPath,
  parseIni,
  trainCipher,
  trainingConfigFromIni,
  trainingConfigFromJson,
  type CipherTrainingConfig,
  type CipherTrainingState,
} from '@tem/core/bisuna/training';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { plural } from '../format/human.js';
import { readCheckpoint, writeCheckpoint } from '../training/checkpoint.js';
import { writeTrainingOutputs } from '../training/outputs.js';
import { configCid, existingRun, runSpecCid, writeRunManifest } from '../training/run-bundle.js';
import { ProgressReporter } from '../training/progress.js';
import { computeThreadsEvaluator } from '../training/worker-pool.js';

/** Parses a non-negative integer flag; UsageError naming the flag otherwise. */
function intFlag(value: unknown, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const n = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be an integer in [${min}, ${max}], not '${text}'`);
  }
  return n;
}

/** How a run ended, as `tem train` says it. */
const STOPPED = {
  generations: 'finished',
  solved: 'solved',
  aborted: 'interrupted',
} as const;

/** Sections of the reference's ini files that training reads. */
const INI_SECTIONS = new Set(['General', 'Population', 'Environment', 'SymmetricEncryptionCPA']);

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

const CONFIG_KINDS =
  "the reference's .ini (e.g. compute-runner/examples/DistributedPopulationCPA.ini), a JSON training config, or a task spec (compute-runner/examples/task-spec.json)";

/** What `--config` must not be, told apart by extension and content before any parsing. */
function notAConfig(file: string, bytes: Uint8Array): string | undefined {
  if (/\.dat$/i.test(file)) {
    return `${file} is a BiSUNA population (.dat), the output of training, not its configuration; give ${CONFIG_KINDS}`;
  }
  const head = bytes.subarray(0, 4096);
  if (head.includes(0))
    return `${file} is a binary file, not a training configuration; give ${CONFIG_KINDS}`;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return `${file} is not UTF-8 text, so not a training configuration; give ${CONFIG_KINDS}`;
  }
  return undefined;
}

/** Reads a `.ini` of the reference (following EnvironmentConf) or a JSON config / task spec. */
export async function loadTrainingConfig(file: string): Promise<CipherTrainingConfig> {
  return (await readTrainingConfig(file)).config;
}

/** The configuration in `file` and the file's bytes (whose CID names what was trained for). */
async function readTrainingConfig(
  file: string,
): Promise<{ config: CipherTrainingConfig; bytes: Uint8Array }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `--config ${file}: no such file`
        : `cannot read --config ${file}: ${code ?? error}`,
    );
  }
  const refused = notAConfig(file, bytes);
  if (refused) throw new CliError(refused);
  const text = new TextDecoder().decode(bytes);
  return { config: await parseTrainingConfig(file, text), bytes };
}

async function parseTrainingConfig(file: string, text: string): Promise<CipherTrainingConfig> {
  try {
    if (/\.json$/i.test(file) || text.trimStart().startsWith('{')) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new CliError(`${file}: not valid JSON (${(error as Error).message})`);
      }
      const v = value as { kind?: unknown; training?: unknown };
      return trainingConfigFromJson(v && v.kind === 'bisuna-cipher' ? v.training : value);
    }
    const sections = [...text.matchAll(/^\s*\[([^\]\n]*)\]/gm)].map((m) => m[1]!.trim());
    if (!sections.some((name) => INI_SECTIONS.has(name))) {
      throw new CliError(
        `${file} has none of the reference's ini sections ([General], [Population], [Environment], [SymmetricEncryptionCPA]); give ${CONFIG_KINDS}`,
      );
    }
    const envName = environmentConfPath(text);
    let envText: string | undefined;
    if (envName && basename(envName) !== basename(file)) {
      const envPath = resolve(dirname(file), envName);
      if (await exists(envPath)) envText = await readFile(envPath, 'utf8');
      else if (!parseIni(text).has('SymmetricEncryptionCPA')) {
        throw new CliError(`${file}: EnvironmentConf ${envName} not found (looked at ${envPath})`);
      }
    }
    return trainingConfigFromIni(text, envText);
  } catch (error) {
    if (error instanceof Error && error.name === 'TrainingConfigError')
      throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

/** `tem train`: trains Alice, Bob and Eve on the CPA task, with checkpoints and resume. */
export const train: Command = {
  name: 'train',
  summary: 'train BiSUNA Alice/Bob/Eve on the CPA encryption task (checkpoints, resume)',
  usage:
    'tem train --config FILE(.ini|.json) --out DIR [--generations N] [--seed S] [--threads K] [--resume | --overwrite] [--checkpoint-every N] [--key-regime otp|short-key]',
  examples: [
    'tem train --config compute-runner/examples/DistributedPopulationCPA.ini --out run1 --generations 500 --seed 42',
    'tem train --config compute-runner/examples/task-spec.json --out run2 --threads 2',
    'tem train --out run1 --resume --generations 1000',
  ],
  options: {
    config: { type: 'string' },
    out: { type: 'string' },
    generations: { type: 'string' },
    seed: { type: 'string' },
    threads: { type: 'string' },
    resume: { type: 'boolean' },
    overwrite: { type: 'boolean' },
    'checkpoint-every': { type: 'string' },
    'key-regime': { type: 'string' },
  },
  optionHelp: {
    config:
      "the reference's ini (e.g. DistributedPopulationCPA.ini) or JSON (training config or task spec)",
    out: 'output folder, a result bundle for tem score and tem submit: manifest.json, alice.dat, bob.dat, eve.dat (and training.json, checkpoint.json)',
    generations: 'A&B generations to reach (default: the config; on resume: extends the run)',
    seed: 'integer seed (default: random, printed); same seed = same run for any --threads',
    threads: `compute threads, this one included: 1 runs in-thread, K runs K-1 worker threads (default ${availableParallelism()}: all cores)`,
    resume: 'continue from DIR/checkpoint.json',
    overwrite: 'replace the run already in DIR (without it, tem train refuses)',
    'checkpoint-every': 'A&B generations between checkpoints (default 10); also on SIGINT/SIGTERM',
    'key-regime': 'short-key (default) or otp (the reference); overrides the config',
  },
  async run({ values, stdout, stderr, signal }) {
    const out = values.out as string | undefined;
    if (!out) throw new UsageError('--out DIR is required');
    const generations = intFlag(values.generations, 'generations', 0, 1_000_000_000);
    const seedFlag = intFlag(values.seed, 'seed', 0, Number.MAX_SAFE_INTEGER);
    const threads = intFlag(values.threads, 'threads', 1, 256) ?? availableParallelism();
    const every = intFlag(values['checkpoint-every'], 'checkpoint-every', 1, 1_000_000_000) ?? 10;
    const regime = values['key-regime'] as string | undefined;
    if (regime !== undefined && regime !== 'otp' && regime !== 'short-key') {
      throw new UsageError(`--key-regime must be otp or short-key, not '${regime}'`);
    }

    if (values.resume && values.overwrite) {
      throw new UsageError('--resume continues the run in DIR, --overwrite replaces it: not both');
    }

    let state: CipherTrainingState | undefined;
    let config: CipherTrainingConfig;
    let seed: number;
    let specCid: string;
    if (values.resume) {
      state = await readCheckpoint(out).catch((error: Error) => {
        throw new CliError(error.message);
      });
      if (seedFlag !== undefined && seedFlag !== state.seed) {
        throw new UsageError(`--seed ${seedFlag} differs from the checkpoint's seed ${state.seed}`);
      }
      if (regime !== undefined && regime !== state.config.keyRegime) {
        throw new UsageError(
          `--key-regime ${regime} differs from the checkpoint's ${state.config.keyRegime}`,
        );
      }
      config = state.config;
      seed = state.seed;
      specCid =
        (await runSpecCid(out)) ??
        (await configCid(new TextEncoder().encode(JSON.stringify(config))));
    } else {
      const file = values.config as string | undefined;
      if (!file) throw new UsageError('--config FILE is required (or --resume)');
      const earlier = values.overwrite ? undefined : await existingRun(out);
      if (earlier) {
        throw new CliError(
          `${out} already holds ${earlier}; continue it with --out ${out} --resume, or pass --overwrite to replace it`,
        );
      }
      const read = await readTrainingConfig(file);
      config = read.config;
      specCid = await configCid(read.bytes);
      if (regime !== undefined) config = trainingConfigFromJson({ ...config, keyRegime: regime });
      seed = seedFlag ?? randomInt(0, 2 ** 32);
      await mkdir(out, { recursive: true });
    }
    const target = generations ?? config.generations;
    stderr.write(
      `tem train: seed ${seed}, ${config.keyRegime}, population ${config.population}, ` +
        `${target} generations, ${threads} thread${threads === 1 ? '' : 's'}` +
        `${state ? `, resuming at generation ${state.abGeneration}` : ''}\n`,
    );

    const evaluator = computeThreadsEvaluator(threads);
    const progress = new ProgressReporter(
      stdout.isTTY ? stderr : stdout,
      state?.abGeneration ?? 0,
      state?.elapsedMs ?? 0,
    );
    const save = async (
      s: CipherTrainingState,
      stopped: 'running' | 'generations' | 'solved' | 'aborted',
    ) => {
      await writeCheckpoint(out, s);
      await writeTrainingOutputs(out, s, { threads, stopped });
      await writeRunManifest(out, s, specCid);
    };
    try {
      const result = await trainCipher({
        config,
        seed,
        generations: target,
        ...(state ? { state } : {}),
        evaluator,
        signal,
        checkpointEvery: every,
        onCheckpoint: (s) => save(s, 'running'),
        onProgress: (p) => progress.report(p),
      });
      progress.finish();
      await save(result.state, result.stopped);
      const s = result.state;
      const solved = s.solvedAt
        ? `; every test stream decrypted first at generation ${s.solvedAt.generation} (${(s.solvedAt.elapsedMs / 1000).toFixed(1)} s)`
        : '';
      stderr.write(
        `tem train: ${STOPPED[result.stopped]} at generation ${s.abGeneration} (${plural(s.eveGeneration, 'Eve generation')}, ` +
          `${(s.elapsedMs / 1000).toFixed(1)} s)${solved}; wrote ${out}, a result bundle for 'tem score --result ${out}' and 'tem submit --result ${out}'\n`,
      );
      if (result.stopped === 'aborted') {
        stderr.write(
          `tem train: interrupted; checkpoint saved, continue with --out ${out} --resume\n`,
        );
        return 130;
      }
      return 0;
    } finally {
      await evaluator.close();
    }
  },
};
