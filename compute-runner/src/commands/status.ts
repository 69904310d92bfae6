import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { formatDuration, formatTfuel, plural } from '../format/human.js';
import {
  HEARTBEAT_FILE,
  StateFileError,
  StateStore,
  TASK_PHASES,
  isTerminal,
  readHeartbeat,
  type Heartbeat,
  type QuorumReport,
  type RecordFields,
  type SentTx,
  type TaskPhase,
  type TaskRecord,
} from '../state/index.js';

/** The daemon is unhealthy when its loop has not beaten for this long. */
const DEFAULT_MAX_SILENCE_S = 300;

/** Scores from here up decrypt every test stream (docs/scoring.md). */
const PERFECT_SCORE = 1_000_000n;

/** True when `dir` holds a heartbeat or a runner state file. */
async function holdsRunnerState(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).some(
      (name) => name === HEARTBEAT_FILE || name.endsWith('-runner-state.json'),
    );
  } catch {
    return false;
  }
}

/**
 * The state folder of `npm start`'s runner (`<TEM_DEVNET_DIR or .devnet>/runner`) in the current
 * folder or one above it (the repository root), when it holds runner state.
 */
async function devnetRunnerDir(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const data = env.TEM_DEVNET_DIR ?? '.devnet';
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const candidate = join(resolve(dir, data), 'runner');
    if (await holdsRunnerState(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Where to read: --state-dir, $TEM_STATE_DIR, ./.tem, else a running `npm start`'s runner. */
async function stateDirOf(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ dir: string; found?: 'devnet'; devnetHint?: string }> {
  if (flag !== undefined || env.TEM_STATE_DIR !== undefined) {
    return { dir: resolve(flag ?? env.TEM_STATE_DIR!) };
  }
  const dir = resolve('.tem');
  if (await holdsRunnerState(dir)) return { dir };
  const devnet = await devnetRunnerDir(env);
  return devnet ? { dir: devnet, found: 'devnet' } : { dir };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `polling (pid 123, 4s ago)`, or `… not running, last heard 3h 2m ago` when its pid is gone. */
function daemonLine(heartbeat: Heartbeat): string {
  const age = formatDuration((Date.now() - Date.parse(heartbeat.at)) / 1000);
  return processAlive(heartbeat.pid)
    ? `daemon: ${heartbeat.activity} (pid ${heartbeat.pid}, ${age} ago)`
    : `daemon: not running (pid ${heartbeat.pid} is gone); last heard ${age} ago: ${heartbeat.activity}`;
}

/** A task's score with its meaning: perfect decryption from 1,000,000 up. */
function scoreCell(score: string | undefined): string {
  if (score === undefined) return '-';
  const value = BigInt(score);
  return `${value.toLocaleString('en-US')} ${value >= PERFECT_SCORE ? '(perfect)' : '(imperfect)'}`;
}

export const status: Command = {
  name: 'status',
  summary: 'show every task the runner holds and its phase',
  usage: 'tem status [--state-dir DIR] [--json] [--health [--max-silence SECONDS]]',
  examples: [
    'tem status',
    'tem status --json',
    'tem status --health   # exit 1 if the daemon is stuck',
  ],
  options: {
    'state-dir': { type: 'string' },
    json: { type: 'boolean' },
    health: { type: 'boolean' },
    'max-silence': { type: 'string' },
  },
  optionHelp: {
    'state-dir':
      "runner state folder (default: $TEM_STATE_DIR, else ./.tem, else npm start's .devnet/runner)",
    json: 'print JSON',
    health: 'exit 0 if the daemon loop beat recently, 1 otherwise (for HEALTHCHECK)',
    'max-silence': `seconds without a heartbeat before --health fails (default ${DEFAULT_MAX_SILENCE_S})`,
  },
  async run({ values, env, stdout }) {
    const { dir, found } = values.health
      ? { dir: resolve((values['state-dir'] as string | undefined) ?? env.TEM_STATE_DIR ?? '.tem') }
      : await stateDirOf(values['state-dir'] as string | undefined, env);
    const heartbeat = await readHeartbeat(dir);
    if (values.health) {
      const maxSilence = Number(values['max-silence'] ?? DEFAULT_MAX_SILENCE_S);
      if (!Number.isFinite(maxSilence) || maxSilence <= 0) {
        throw new CliError(`--max-silence must be a positive number of seconds`);
      }
      const age = heartbeat ? (Date.now() - Date.parse(heartbeat.at)) / 1000 : Infinity;
      if (age > maxSilence) {
        throw new CliError(
          heartbeat
            ? `unhealthy: no heartbeat for ${Math.round(age)} s (last: ${heartbeat.activity})`
            : `unhealthy: no heartbeat in ${dir}`,
        );
      }
      stdout.write(`healthy: ${heartbeat!.activity} (${Math.round(age)} s ago)\n`);
      return 0;
    }
    let stores: StateStore[];
    try {
      stores = await StateStore.openAll(dir);
    } catch (error) {
      if (error instanceof StateFileError) throw new CliError(error.message);
      throw error;
    }
    const tasks = stores.flatMap((store) =>
      store
        .list()
        .map((task): ShownTask => ({ chainId: store.chainId, market: store.market, ...task })),
    );
    if (values.json) {
      const shown = tasks.map((task) => withoutSignedBytes(withoutSecretSalt(task)));
      stdout.write(
        `${JSON.stringify({ stateDir: dir, heartbeat: heartbeat ?? null, tasks: shown })}\n`,
      );
      return 0;
    }
    const shownDir = relative(process.cwd(), dir) || '.';
    if (found === 'devnet') stdout.write(`state: ${shownDir} (npm start's runner)\n`);
    if (heartbeat) {
      stdout.write(`${daemonLine(heartbeat)}\n`);
    } else {
      stdout.write(`daemon: never ran with state in ${shownDir}\n`);
      if (tasks.length === 0) {
        stdout.write(
          "  a runner started elsewhere keeps its state where its --state-dir (or $TEM_STATE_DIR) says: pass the same to 'tem status'; npm start's runner keeps it in .devnet/runner\n",
        );
      }
    }
    if (tasks.length === 0) {
      stdout.write('no tasks\n');
      return 0;
    }
    stdout.write(`${plural(tasks.length, 'task')}:\n`);
    const rows = tasks.map((t) => [
      String(t.chainId),
      t.taskId,
      t.phase,
      t.submissionId ?? '-',
      scoreCell(t.score),
      t.paid === undefined ? '-' : formatTfuel(t.paid),
      isTerminal(t)
        ? (t.reason ?? '')
        : t.sent
          ? `${t.sent.step}${t.sent.verifierIndex === undefined ? '' : ` (verifier ${t.sent.verifierIndex})`} ${t.sent.hash} in flight (nonce ${t.sent.nonce})`
          : (t.reason ?? t.resultCid ?? ''),
    ]);
    const header = ['chain', 'task', 'phase', 'submission', 'score', 'paid', 'result / reason'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const row of [header, ...rows]) {
      stdout.write(
        `${row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd()}\n`,
      );
    }
    const quorums = tasks.filter((t) => t.quorum);
    if (quorums.length > 0) stdout.write('verifiers:\n');
    for (const t of quorums)
      stdout.write(`  task ${t.taskId} (chain ${t.chainId}): ${quorumLine(t.quorum!)}\n`);
    return 0;
  },
};

/**
 * What the verifiers answered for a task's submission: how many signed the quorum's score, who
 * signed another one, who gave no usable answer and why.
 */
export function quorumLine(report: QuorumReport): string {
  const asked = report.agreed.length + report.disagreed.length + report.missing.length;
  const parts = [
    report.score === undefined
      ? `no score has a quorum (${asked} asked)`
      : `${report.agreed.length} of ${asked} signed score ${BigInt(report.score).toLocaleString('en-US')}`,
    ...report.disagreed.map(
      (d) => `${d.verifier} signed ${BigInt(d.score).toLocaleString('en-US')} (disagrees)`,
    ),
    ...report.missing.map((m) => `${m.verifier}: ${m.reason.slice(0, 160)}`),
  ];
  return parts.join('; ');
}

/** A record as `tem status` reads it, whatever its phase, with its chain and contract. */
type ShownTask = RecordFields &
  Pick<TaskRecord, 'taskId' | 'phase' | 'txs'> & { chainId: number; market: string };

/** Phases from the reveal to the payout (TASK_PHASES is in lifecycle order): the salt is on chain. */
const REVEALED: ReadonlySet<TaskPhase> = new Set(
  TASK_PHASES.slice(TASK_PHASES.indexOf('revealed'), TASK_PHASES.indexOf('withdrawn') + 1),
);

/**
 * The record without its salt until the reveal puts it on chain: until then the salt is what
 * hides the result CID in the commitment, and status output ends up in logs and bug reports.
 * `saltKept` says one is stored.
 */
function withoutSecretSalt<T extends ShownTask>(task: T): Omit<T, 'salt'> & { saltKept?: true } {
  if (task.salt === undefined || task.txs.reveal !== undefined || REVEALED.has(task.phase)) {
    return task;
  }
  const { salt: _secret, ...shown } = task;
  return { ...shown, saltKept: true };
}

/** The transaction in flight without its signed bytes (a reveal's carry the salt). */
function withoutSignedBytes<T extends Pick<TaskRecord, 'sent'>>(
  task: T,
): Omit<T, 'sent'> & { sent?: Omit<SentTx, 'raw'> } {
  if (!task.sent) return task;
  const { raw: _bytes, ...sent } = task.sent;
  return { ...task, sent };
}
