import { randomInt } from 'node:crypto';
import { access, mkdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import {
  environmentConfPath,
  parseIni,
  trainingConfigFromIni,
  trainingConfigFromJson,
  type CipherTrainingConfig,
} from '@tem/core/bisuna/training';
import {
  cipherKind,
  kindById,
  parseAnyTaskSpec,
  type AnyTaskKind,
  type KindStopReason,
} from '@tem/core/kinds';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { readKindCheckpoint, writeKindCheckpoint } from '../training/checkpoint.js';
import { writeKindOutputs } from '../training/outputs.js';
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

/** Shortest time between two checkpoints without `--checkpoint-every`. */
const MIN_CHECKPOINT_MS = 30_000;

/** Sections of the reference's ini files that training reads. */
const INI_SECTIONS = new Set(['General', 'Population', 'Environment', 'SymmetricEncryptionCPA']);

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

const CONFIG_KINDS =
  "the reference's .ini (e.g. compute-runner/examples/DistributedPopulationCPA.ini), a JSON training config, or a task spec of any kind (compute-runner/examples/task-spec.json, multiplexer-demo-spec.json, double-pole-demo-spec.json, …)";

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

/** What to train: the kind and its training config. */
interface TrainingInput {
  kind: AnyTaskKind;
  config: unknown;
}

/** Reads a `.ini` of the reference (following EnvironmentConf) or a JSON config / task spec. */
export async function loadTrainingConfig(file: string): Promise<CipherTrainingConfig> {
  const { kind, config } = await readTrainingConfig(file);
  if (kind !== cipherKind) throw new CliError(`${file}: a ${kind.id} task, not a cipher config`);
  return config as CipherTrainingConfig;
}

/** The configuration in `file` and the file's bytes (whose CID names what was trained for). */
async function readTrainingConfig(file: string): Promise<TrainingInput & { bytes: Uint8Array }> {
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
  return { ...(await parseTrainingConfig(file, text)), bytes };
}

/**
 * A task spec of any kind (its `training` for the cipher, as ever; the whole spec, validated,
 * for the other kinds), a JSON cipher training config, or the reference's ini.
 */
function configOfJson(file: string, value: unknown): TrainingInput {
  const kindName = (value as { kind?: unknown } | null)?.kind;
  if (kindName === undefined || kindName === cipherKind.id) {
    const v = value as { training?: unknown };
    return {
      kind: cipherKind,
      config: trainingConfigFromJson(kindName === undefined ? value : v.training),
    };
  }
  const kind = typeof kindName === 'string' ? kindById(kindName) : undefined;
  if (!kind) {
    throw new CliError(
      `${file}: kind ${JSON.stringify(kindName)} is not a task kind (known: bisuna-cipher, bisuna-multiplexer, bisuna-double-pole)`,
    );
  }
  try {
    return { kind, config: kind.training.config(parseAnyTaskSpec(value)) };
  } catch (error) {
    if (error instanceof Error && error.name === 'TaskDocumentError')
      throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

async function parseTrainingConfig(file: string, text: string): Promise<TrainingInput> {
  try {
    if (/\.json$/i.test(file) || text.trimStart().startsWith('{')) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new CliError(`${file}: not valid JSON (${(error as Error).message})`);
      }
      return configOfJson(file, value);
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
    return { kind: cipherKind, config: trainingConfigFromIni(text, envText) };
  } catch (error) {
    if (error instanceof Error && error.name === 'TrainingConfigError')
      throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

/** `tem train`: trains a task kind's networks (the cipher's Alice, Bob and Eve), checkpoints, resume. */
export const train: Command = {
  name: 'train',
  summary:
    "train BiSUNA networks for a task of any kind (the cipher's Alice/Bob/Eve, a multiplexer, double pole balancing), with checkpoints and resume",
  usage:
    'tem train --config FILE(.ini|.json) --out DIR [--generations N] [--seed S] [--threads K] [--resume | --overwrite] [--checkpoint-every N] [--key-regime otp|short-key]',
  examples: [
    'tem train --config compute-runner/examples/DistributedPopulationCPA.ini --out run1 --generations 500 --seed 42',
    'tem train --config compute-runner/examples/task-spec.json --out run2 --threads 2',
    'tem train --config compute-runner/examples/multiplexer-demo-spec.json --out mux --threads 2',
    'tem train --config compute-runner/examples/double-pole-demo-spec.json --out pole --threads 2',
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
      "a task spec of any kind (JSON), or for the cipher the reference's ini (e.g. DistributedPopulationCPA.ini) or a JSON training config",
    out: 'output folder, a result bundle for tem score and tem submit: manifest.json and the networks (the cipher: alice.dat, bob.dat, eve.dat; others: network.dat), with training.json and checkpoint.json',
    generations:
      'generations to reach (the cipher: A&B generations; default: the config; on resume: extends the run)',
    seed: 'integer seed (default: random, printed); same seed = same run for any --threads',
    threads: `compute threads, this one included: 1 runs in-thread, K runs K-1 worker threads (default ${availableParallelism()}: all cores)`,
    resume: 'continue from DIR/checkpoint.json',
    overwrite: 'replace the run already in DIR (without it, tem train refuses)',
    'checkpoint-every':
      'generations between checkpoints (default: 10, and at most one every 30 s); also on SIGINT/SIGTERM',
    'key-regime':
      'the cipher only: short-key (default) or otp (the reference); overrides the config',
  },
  async run({ values, stdout, stderr, signal }) {
    const out = values.out as string | undefined;
    if (!out) throw new UsageError('--out DIR is required');
    const generations = intFlag(values.generations, 'generations', 0, 1_000_000_000);
    const seedFlag = intFlag(values.seed, 'seed', 0, Number.MAX_SAFE_INTEGER);
    const threads = intFlag(values.threads, 'threads', 1, 256) ?? availableParallelism();
    const everyFlag = intFlag(values['checkpoint-every'], 'checkpoint-every', 1, 1_000_000_000);
    const every = everyFlag ?? 10;
    const regime = values['key-regime'] as string | undefined;
    if (regime !== undefined && regime !== 'otp' && regime !== 'short-key') {
      throw new UsageError(`--key-regime must be otp or short-key, not '${regime}'`);
    }
    if (values.resume && values.overwrite) {
      throw new UsageError('--resume continues the run in DIR, --overwrite replaces it: not both');
    }
    let kind: AnyTaskKind;
    let state: unknown;
    let resumed = false;
    let specCid: string;
    if (values.resume) {
      ({ kind, state } = await readKindCheckpoint(out).catch((error: Error) => {
        throw new CliError(error.message);
      }));
      resumed = true;
      const seed = kind.training.seed(state);
      if (seedFlag !== undefined && seedFlag !== seed) {
        throw new UsageError(`--seed ${seedFlag} differs from the checkpoint's seed ${seed}`);
      }
      const config = kind.training.configOf(state);
      if (regime !== undefined) {
        const own = (config as Partial<CipherTrainingConfig>).keyRegime;
        if (kind !== cipherKind)
          throw new UsageError(`--key-regime is for the cipher, not ${kind.id}`);
        if (regime !== own) {
          throw new UsageError(`--key-regime ${regime} differs from the checkpoint's ${own}`);
        }
      }
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
      kind = read.kind;
      let config = read.config;
      specCid = await configCid(read.bytes);
      if (regime !== undefined) {
        if (kind !== cipherKind)
          throw new UsageError(`--key-regime is for the cipher, not ${kind.id}`);
        config = trainingConfigFromJson({ ...(config as CipherTrainingConfig), keyRegime: regime });
      }
      state = kind.training.createState(config, seedFlag ?? randomInt(0, 2 ** 32));
      await mkdir(out, { recursive: true });
    }
    const t = kind.training;
    const seed = t.seed(state);
    const config = t.configOf(state) as { generations: number };
    const target = generations ?? config.generations;
    const done = t.generation(state);
    stderr.write(
      `tem train: seed ${seed}, ${t.describeConfig(config)}, ` +
        `${target} generations, ${threads} thread${threads === 1 ? '' : 's'}` +
        `${resumed ? `, resuming at generation ${done}` : ''}\n`,
    );
    const evaluator = computeThreadsEvaluator(threads);
    const progress = new ProgressReporter(
      stdout.isTTY ? stderr : stdout,
      resumed ? done : 0,
      resumed ? ((state as { elapsedMs?: number }).elapsedMs ?? 0) : 0,
    );
    const save = async (s: unknown, stopped: KindStopReason | 'running') => {
      await writeKindCheckpoint(out, kind, s);
      await writeKindOutputs(out, kind, s, { threads, stopped });
      await writeRunManifest(out, kind, s, specCid);
    };
    let lastSave = performance.now();
    try {
      const result = await t.train({
        state,
        evaluator,
        generations: target,
        signal,
        checkpointEvery: every,
        onCheckpoint: async (s) => {
          // By default, fast kinds (hundreds of generations a minute) would spend their time writing.
          if (everyFlag === undefined && performance.now() - lastSave < MIN_CHECKPOINT_MS) return;
          await save(s, 'running');
          lastSave = performance.now();
        },
        onProgress: (p) => progress.reportStatus(p),
      });
      progress.finish();
      await save(result.state, result.stopped);
      stderr.write(
        `tem train: ${STOPPED[result.stopped]} at generation ${t.generation(result.state)} ${t.outcome(result.state)}; ` +
          `wrote ${out}, a result bundle for 'tem score --result ${out}' and 'tem submit --result ${out}'\n`,
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
