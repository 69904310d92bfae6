import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  AllGatewaysFailedError,
  createVerifiedFetch,
  parseCid,
  type VerifiedFetch,
} from '@tem/core/ipfs';
import {
  kindOf,
  parseAnyTaskSpecJson,
  type AnyTaskKind,
  type AnyTaskSpec,
  type BundleFiles,
} from '@tem/core/kinds';
import { BundleError, ScoringInputError, type ScoreReport } from '@tem/core/scoring';
import { TaskDocumentError } from '@tem/core/task';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';

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
    if (kind === 'file') return parseAnyTaskSpecJson(await readFile(arg, 'utf8'));
    if (kind === 'dir')
      throw new UsageError(`--spec ${arg} is a directory; give the spec's JSON file or CID`);
    if (!isCid(arg)) throw new UsageError(`--spec ${arg}: no such file, and not a CID`);
  } catch (err) {
    if (err instanceof CliError) throw err;
    if (err instanceof TaskDocumentError) throw new CliError(err.message);
    throw new CliError(`cannot read the task spec ${arg}: ${(err as Error).message}`);
  }
  let text: string;
  try {
    text = await ipfs().text(arg, { maxBytes: 1 << 20 });
  } catch (err) {
    throw fetchError(`the task spec ${arg}`, gateways, err);
  }
  try {
    return parseAnyTaskSpecJson(text);
  } catch (err) {
    if (err instanceof TaskDocumentError) throw new CliError(err.message);
    throw new CliError(`cannot read the task spec ${arg}: ${(err as Error).message}`);
  }
}

/**
 * The bundle's files the kind scores (a directory or a CID), each within the spec's
 * `scoring.maxBundleBytes`; absent files are left out (the kind rejects the bundle if it needs them).
 */
async function loadBundle(
  arg: string,
  spec: AnyTaskSpec,
  kind: AnyTaskKind,
  ipfs: () => VerifiedFetch,
  gateways: Gateways,
): Promise<BundleFiles> {
  const kindOfPath = await isPath(arg);
  const max = spec.scoring.maxBundleBytes;
  let read: (name: string) => Promise<Uint8Array | undefined>;
  if (kindOfPath === 'dir') {
    read = async (name) => {
      const file = path.join(arg, name);
      const s = await stat(file).catch(() => undefined);
      if (!s?.isFile()) return undefined;
      if (s.size > max) {
        throw new BundleError(
          'oversized',
          `${name} has ${s.size} bytes; the spec allows ${max} (scoring.maxBundleBytes)`,
        );
      }
      return new Uint8Array(await readFile(file));
    };
  } else if (kindOfPath === 'file') {
    throw new UsageError(`--result ${arg} is a file; give the bundle directory or its CID`);
  } else if (isCid(arg)) {
    const root = arg.replace(/\/+$/, '');
    read = async (name) => {
      try {
        return await ipfs().bytes(`${root}/${name}`, { maxBytes: max });
      } catch (err) {
        const n = (err as Error).name;
        if (n === 'PathNotFoundError') return undefined;
        if (n === 'ContentTooLargeError') {
          throw new BundleError(
            'oversized',
            `${name} is larger than the spec allows (${max} bytes)`,
          );
        }
        throw fetchError(`${root}/${name}`, gateways, err);
      }
    };
  } else {
    throw new UsageError(`--result ${arg}: no such directory, and not a CID`);
  }
  const files = new Map<string, Uint8Array>();
  for (const file of kind.bundleFiles.filter((f) => f.scored)) {
    const bytes = await read(file.name);
    if (bytes) files.set(file.name, bytes);
  }
  return files;
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

async function loadTestFiles(
  spec: AnyTaskSpec,
  kind: AnyTaskKind,
  ipfs: () => VerifiedFetch,
  gateways: Gateways,
): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const f of kind.testFiles(spec)) {
    try {
      files.set(f.name, await ipfs().bytes(f.cid, { maxBytes: f.maxBytes }));
    } catch (err) {
      throw fetchError(`test file '${f.name}' (${f.cid})`, gateways, err);
    }
  }
  return files;
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
      const files = await loadBundle(resultArg, spec, kind, ipfs, gateways);
      const testFiles = await loadTestFiles(spec, kind, ipfs, gateways);
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
