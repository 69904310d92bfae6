import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  AllGatewaysFailedError,
  createVerifiedFetch,
  parseCid,
  type VerifiedFetch,
} from '@tem/core/ipfs';
import { kindOf, parseAnyTaskSpecJson, type AnyTaskKind, type AnyTaskSpec } from '@tem/core/kinds';
import {
  BundleTooLargeError,
  MissingBundleFileError,
  MAX_SPEC_BYTES,
  ScoringInputFetchError,
  fetchScoringInputs,
  fetchTaskSpec,
  type ScoringInputs,
} from '@tem/core/scoring-inputs';
import { BundleError, ScoringInputError, type ScoreReport } from '@tem/core/scoring';
import { TaskDocumentError } from '@tem/core/task';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { folderBundle } from './folder-bundle.js';

const DEFAULT_GATEWAY = 'http://127.0.0.1:8080';

function text(value: unknown, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

async function isPath(p: string): Promise<'file' | 'dir' | undefined> {
  try {
    const s = await stat(p);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

function isCid(value: string): boolean {
  try {
    parseCid(value.replace(/^(ipfs:\/\/|\/ipfs\/)/, '').split('/')[0]!);
    return true;
  } catch {
    return false;
  }
}

/** The gateways CIDs are fetched from, and where that list came from (for messages). */
export interface Gateways {
  urls: string[];
  source: 'flag' | 'env' | 'default';
}

/**
 * A failed fetch as one line naming the gateways tried, where they came from, and the network
 * error underneath undici's bare "fetch failed".
 */
export function fetchError(what: string, gateways: Gateways, err: unknown): CliError {
  const source = {
    flag: '',
    env: ' (from TEM_GATEWAYS)',
    default: ` (the default gateway, npm start's; pass --gateway URL or set TEM_GATEWAYS)`,
  }[gateways.source];
  const each =
    err instanceof AllGatewaysFailedError
      ? err.errors.map((e) => `${e.gateway}: ${networkDetail(e.error)}`).join('; ')
      : `${gateways.urls.join(', ')}: ${networkDetail(err)}`;
  return new CliError(`cannot fetch ${what} from ${each}${source}`);
}

/** An error's message, with the system error code under undici's bare "fetch failed". */
function networkDetail(err: unknown): string {
  const error = err as Error & { cause?: { code?: string; message?: string } };
  const cause = error.cause?.code ?? error.cause?.message;
  return `${error.message}${cause && !error.message.includes(cause) ? ` (${cause})` : ''}`;
}

async function loadSpec(
  arg: string,
  ipfs: () => VerifiedFetch,
  gateways: Gateways,
): Promise<AnyTaskSpec> {
  const kind = await isPath(arg);
  try {
    if (kind === 'file') {
      const { size } = await stat(arg);
      if (size > MAX_SPEC_BYTES) {
        throw new CliError(
          `the task spec ${arg} has ${size} bytes; specs have ${MAX_SPEC_BYTES} at most`,
        );
      }
      return parseAnyTaskSpecJson(await readFile(arg, 'utf8'));
    }
    if (kind === 'dir')
      throw new UsageError(`--spec ${arg} is a directory; give the spec's JSON file or CID`);
    if (!isCid(arg)) throw new UsageError(`--spec ${arg}: no such file, and not a CID`);
  } catch (err) {
    if (err instanceof CliError) throw err;
    if (err instanceof TaskDocumentError) throw new CliError(err.message);
    throw new CliError(`cannot read the task spec ${arg}: ${(err as Error).message}`);
  }
  try {
    return await fetchTaskSpec(ipfs(), arg);
  } catch (err) {
    if (err instanceof TaskDocumentError) throw new CliError(err.message);
    throw fetchError(`the task spec ${arg}`, gateways, err);
  }
}

/**
 * The kind a local bundle's `training.json` says it was trained for, if it says one (a bundle
 * scores on the networks alone; this only catches a spec and bundle mixed up by hand).
 */
async function trainedKind(arg: string): Promise<string | undefined> {
  if ((await isPath(arg)) !== 'dir') return undefined;
  try {
    const summary: unknown = JSON.parse(await readFile(path.join(arg, 'training.json'), 'utf8'));
    const kind = (summary as { kind?: unknown } | null)?.kind;
    return typeof kind === 'string' ? kind : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The bundle's files the kind scores (a directory or a CID) and the spec's test files, with the
 * verifier's limits (core's `fetchScoringInputs`); its refusals as CLI errors.
 */
async function loadInputs(
  arg: string,
  spec: AnyTaskSpec,
  ipfs: () => VerifiedFetch,
  gateways: Gateways,
): Promise<ScoringInputs> {
  const kindOfPath = await isPath(arg);
  if (kindOfPath === 'file') {
    throw new UsageError(`--result ${arg} is a file; give the bundle directory or its CID`);
  }
  if (kindOfPath === undefined && !isCid(arg)) {
    throw new UsageError(`--result ${arg}: no such directory, and not a CID`);
  }
  const local = kindOfPath === 'dir';
  try {
    return await fetchScoringInputs(ipfs(), {
      spec,
      bundle: local ? folderBundle(arg) : arg.replace(/\/+$/, ''),
    });
  } catch (err) {
    if (err instanceof MissingBundleFileError) {
      throw new CliError(
        `rejected bundle (missing-file): ${err.file} is missing (a ${err.kind} bundle holds ${err.required.join(', ')})`,
      );
    }
    if (err instanceof BundleTooLargeError) {
      throw new CliError(`rejected bundle (oversized): ${err.message}`);
    }
    if (!(err instanceof ScoringInputFetchError)) throw err;
    if (err.part !== 'test-file' && local) {
      throw new CliError(`cannot read ${err.path}: ${err.cause.message}`);
    }
    const what = {
      bundle: `the result bundle ${err.path}`,
      'bundle-file': err.path,
      'test-file': `test file '${err.file}' (${err.path})`,
    }[err.part];
    throw fetchError(what, gateways, err.cause);
  }
}

/** The human table of `tem score`: the score, its band, every term the kind reports. */
export function scoreTable(report: ScoreReport, kind: AnyTaskKind): string {
  const rows = kind.terms
    .filter(({ name }) => name in report.terms)
    .map(
      ({ name, help }) => `  ${name.padEnd(20)} ${String(report.terms[name]).padStart(9)}  ${help}`,
    );
  return [
    `score ${report.score} (formula v${report.formulaVersion}; ${kind.band(report)})`,
    ...rows,
    `  ${kind.countsLine(report)}`,
    '',
  ].join('\n');
}

export const score: Command = {
  name: 'score',
  summary:
    'score a result bundle against a task spec (of any kind) and test seed, as the verifier does',
  usage: 'tem score --spec SPEC.json|CID --result DIR|CID --seed 0xHEX [--json] [--gateway URL]',
  examples: [
    `tem score --spec task.json --result ./out --seed 0x${'ab'.repeat(32)}`,
    'tem score --spec bafy…spec --result bafy…bundle --seed 0x… --gateway http://127.0.0.1:8080 --json',
  ],
  options: {
    spec: { type: 'string' },
    result: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    gateway: { type: 'string' },
  },
  optionHelp: {
    spec: 'the task spec: a JSON file or its CID',
    result:
      "the result bundle: a directory or its CID (manifest.json and the kind's .dat files: alice.dat and bob.dat, or network.dat)",
    seed: "the task's test seed, 0x + 64 hex digits",
    json: 'print {"score": "…", "formulaVersion": N, "terms": {…}} on stdout',
    gateway: `trustless gateway for CIDs (default: TEM_GATEWAYS or ${DEFAULT_GATEWAY})`,
  },
  async run({ values, stdout, stderr, env, signal }) {
    const specArg = text(values.spec, '--spec');
    const resultArg = text(values.result, '--result');
    const seed = text(values.seed, '--seed');
    if (!/^0x[0-9a-fA-F]{64}$/.test(seed)) {
      throw new UsageError(`--seed must be 0x followed by 64 hex digits (bytes32), not '${seed}'`);
    }
    const fromEnv = env.TEM_GATEWAYS?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const gateways: Gateways =
      typeof values.gateway === 'string'
        ? { urls: [values.gateway], source: 'flag' }
        : fromEnv?.length
          ? { urls: fromEnv, source: 'env' }
          : { urls: [DEFAULT_GATEWAY], source: 'default' };
    let fetcher: VerifiedFetch | undefined;
    const ipfs = () => (fetcher ??= createVerifiedFetch({ gateways: gateways.urls }));
    const spec = await loadSpec(specArg, ipfs, gateways);
    const kind = kindOf(spec);
    const trainedFor = await trainedKind(resultArg);
    if (trainedFor !== undefined && trainedFor !== kind.id) {
      throw new CliError(
        `--result ${resultArg} was trained for a ${trainedFor} task (its training.json), but --spec ${specArg} is a ${kind.id} task: score a bundle against the spec it was trained for`,
      );
    }
    try {
      const { files, testFiles } = await loadInputs(resultArg, spec, ipfs, gateways);
      const report = await kind.score({
        spec,
        files,
        testSeed: seed,
        testFiles,
        signal,
        ...(stderr.isTTY && {
          onProgress: (p: { stage: string; fraction: number }) =>
            stderr.write(`\r${p.stage.padEnd(20)} ${Math.round(p.fraction * 100)}%`),
        }),
      });
      if (stderr.isTTY) stderr.write('\r'.padEnd(30) + '\r');
      if (values.json) {
        stdout.write(
          `${JSON.stringify({ score: report.score.toString(), formulaVersion: report.formulaVersion, terms: report.terms })}\n`,
        );
      } else {
        stdout.write(scoreTable(report, kind));
      }
      return 0;
    } catch (err) {
      if (err instanceof BundleError)
        throw new CliError(`rejected bundle (${err.reason}): ${err.message}`);
      if (err instanceof ScoringInputError) throw new CliError(err.message);
      throw err;
    }
  },
};
