import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  AllGatewaysFailedError,
  createVerifiedFetch,
  parseCid,
  type VerifiedFetch,
} from '@tem/core/ipfs';
import {
  BundleError,
  MAX_TEST_FILE_WORDS,
  ScoringInputError,
  scoreSubmission,
  type ScoreReport,
} from '@tem/core/scoring';
import {
  BUNDLE_FILES,
  TaskDocumentError,
  parseResultManifestJson,
  parseTaskSpecJson,
  type ResultManifest,
  type TaskSpec,
} from '@tem/core/task';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';

const DEFAULT_GATEWAY = 'http://127.0.0.1:8080';

/** Term names in the order the table prints them, with what they mean. */
const TERM_HELP: [string, string][] = [
  ['accuracy', 'plaintext bits Bob recovered (ppm; 1e6 = perfect, the first gate)'],
  [
    'keyGate',
    'every key bit live, no key-free ciphertext, wrong key useless (0/1, the second gate)',
  ],
  ['nistPass', 'NIST SP 800-22 tests passing at alpha 0.01 (ppm)'],
  ['nistUniformity', '1 - KS distance of the p-values from uniform (ppm)'],
  ['nist', 'randomness term: mean of the two above (ppm)'],
  ['pearson', 'mean |Pearson| plaintext/ciphertext per lane (ppm, ideal 0)'],
  ['ncc', 'mean |reference NCC| plaintext/ciphertext (ppm, ideal 0)'],
  ['correlation', 'correlation term: 1 - correlation (ppm)'],
  [
    'keyFlipFraction',
    'mean over key bits of the ciphertext bits a flip changes (ppm, ideal 500000)',
  ],
  ['weakestKeyFlip', 'the same for the weakest key bit (ppm, ideal 500000)'],
  ['keyIndependentShare', 'ciphertext bits no test key changes (ppm, ideal 0)'],
  ['wrongKeyAccuracy', 'bits Bob recovers with a wrong key (ppm, ideal 500000)'],
  ['keySensitivity', 'key term: the weakest of avalanche, key independence, wrong-key Bob (ppm)'],
  ['affinityOnes', 'ones in the affinity test sums (ppm, ideal 500000, affine 0)'],
  ['linearRelations', 'linear relations within 3 keystream steps (count, ideal 0)'],
  [
    'knownPlaintextMatch',
    'held-out ciphertext bits the known-plaintext Eve predicts (ppm, ideal 500000)',
  ],
  ['structure', 'structure term: the weakest of affinity, linearity, known plaintext (ppm)'],
  ['eveAdvantage', "fresh Eve's advantage on held-out trials (ppm, ideal 0)"],
  ['eveExcess', 'advantage beyond 2 standard deviations of guessing (ppm)'],
  ['eve', 'Eve term: 1 - excess (ppm)'],
  ['quality', 'weighted mean of nist, correlation, keySensitivity, eve, structure (ppm)'],
];

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
): Promise<TaskSpec> {
  const kind = await isPath(arg);
  try {
    if (kind === 'file') return parseTaskSpecJson(await readFile(arg, 'utf8'));
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
    return parseTaskSpecJson(text);
  } catch (err) {
    if (err instanceof TaskDocumentError) throw new CliError(err.message);
    throw new CliError(`cannot read the task spec ${arg}: ${(err as Error).message}`);
  }
}

interface Bundle {
  manifest: ResultManifest;
  alice: Uint8Array | undefined;
  bob: Uint8Array | undefined;
}

async function loadBundle(
  arg: string,
  spec: TaskSpec,
  ipfs: () => VerifiedFetch,
  gateways: Gateways,
): Promise<Bundle> {
  const kind = await isPath(arg);
  const max = spec.scoring.maxBundleBytes;
  let read: (name: string) => Promise<Uint8Array | undefined>;
  if (kind === 'dir') {
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
  } else if (kind === 'file') {
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
  const manifestBytes = await read(BUNDLE_FILES.manifest);
  if (!manifestBytes) throw new BundleError('missing-file', `${BUNDLE_FILES.manifest} is missing`);
  let manifest: ResultManifest;
  try {
    manifest = parseResultManifestJson(new TextDecoder().decode(manifestBytes));
  } catch (err) {
    throw new BundleError('corrupt-dat', (err as Error).message, { cause: err });
  }
  return { manifest, alice: await read(BUNDLE_FILES.alice), bob: await read(BUNDLE_FILES.bob) };
}

async function loadTestFiles(
  spec: TaskSpec,
  ipfs: () => VerifiedFetch,
  gateways: Gateways,
): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const f of spec.scoring.testFiles) {
    try {
      files.set(
        f.name,
        await ipfs().bytes(f.cid, { maxBytes: 2 * MAX_TEST_FILE_WORDS + (1 << 20) }),
      );
    } catch (err) {
      throw fetchError(`test file '${f.name}' (${f.cid})`, gateways, err);
    }
  }
  return files;
}

/** Which band of the formula a report is in (docs/scoring.md §4). */
function scoreBand(t: Record<string, number>): string {
  if (!t.perfect) return 'IMPERFECT decryption: ranks below every perfect pair';
  if (!t.keyGate)
    return 'perfect decryption, FAILS the key gate: ranks below every pair that passes';
  return 'perfect decryption, passes the key gate';
}

/** The human table of `tem score`. */
export function scoreTable(report: ScoreReport): string {
  const rows = TERM_HELP.filter(([k]) => k in report.terms).map(
    ([k, help]) => `  ${k.padEnd(20)} ${String(report.terms[k]).padStart(9)}  ${help}`,
  );
  const t = report.terms;
  return [
    `score ${report.score} (formula v${report.formulaVersion}; ${scoreBand(t)})`,
    ...rows,
    `  streams ${t.streams}, plaintext bits ${t.plaintextBits}, NIST on ${t.nistBits} bits (${t.nistTests} tests applicable), Eve held-out trials ${t.eveTrials}`,
    '',
  ].join('\n');
}

export const score: Command = {
  name: 'score',
  summary: 'score a result bundle against a task spec and test seed, as the verifier does',
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
    result: 'the result bundle: a directory (manifest.json, alice.dat, bob.dat) or its CID',
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
    try {
      const bundle = await loadBundle(resultArg, spec, ipfs, gateways);
      const testFiles = await loadTestFiles(spec, ipfs, gateways);
      const report = await scoreSubmission({
        spec,
        manifest: bundle.manifest,
        alice: bundle.alice!,
        bob: bundle.bob!,
        testSeed: seed,
        testFiles,
        signal,
        onProgress: stderr.isTTY
          ? (p) => stderr.write(`\r${p.stage.padEnd(20)} ${Math.round(p.fraction * 100)}%`)
          : undefined,
      });
      if (stderr.isTTY) stderr.write('\r'.padEnd(30) + '\r');
      if (values.json) {
        stdout.write(
          `${JSON.stringify({ score: report.score.toString(), formulaVersion: report.formulaVersion, terms: report.terms })}\n`,
        );
      } else {
        stdout.write(scoreTable(report));
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
