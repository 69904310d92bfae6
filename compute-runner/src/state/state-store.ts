import { mkdir, readFile, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { StateFileError, TaskRecordError } from './errors.js';
import { parseTaskRecord } from './parse-task-record.js';
import type { RecordChange, TaskRecord } from './task-record.js';

export const STATE_FILE = 'runner-state.json';
const STATE_VERSION = 1;

interface StateFile {
  version: typeof STATE_VERSION;
  /** Chain and contract the records belong to; a different pair gets a different file. */
  chainId: number;
  market: string;
  tasks: Record<string, TaskRecord>;
}

/**
 * The runner's durable memory: one JSON file per (chain, contract) in the state folder, rewritten
 * atomically on every change. Reads never see a half-written file.
 */
export class StateStore {
  /** Updates run one after another, so two concurrent ones never overwrite each other. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private state: StateFile,
  ) {}

  /** Opens (or creates) the state of `market` on `chainId` under `dir`. */
  static async open(dir: string, chainId: number, market: string): Promise<StateStore> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${chainId}-${market.toLowerCase()}-${STATE_FILE}`);
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await removeStaleTempFiles(dir, path);
    const fresh: StateFile = { version: STATE_VERSION, chainId, market, tasks: {} };
    return new StateStore(path, text === undefined ? fresh : parseState(path, text));
  }

  /** Opens every state file under `dir` (one per chain and contract); none when `dir` is absent. */
  static async openAll(dir: string): Promise<StateStore[]> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const stores: StateStore[] = [];
    for (const name of names.filter((n) => n.endsWith(`-${STATE_FILE}`)).sort()) {
      const path = join(dir, name);
      stores.push(new StateStore(path, parseState(path, await readFile(path, 'utf8'))));
    }
    return stores;
  }

  get chainId(): number {
    return this.state.chainId;
  }

  get market(): string {
    return this.state.market;
  }

  /** Every task record, newest task id last. */
  list(): TaskRecord[] {
    return Object.values(this.state.tasks).sort((a, b) =>
      BigInt(a.taskId) < BigInt(b.taskId) ? -1 : 1,
    );
  }

  get(taskId: string): TaskRecord | undefined {
    const record = this.state.tasks[taskId];
    return record ? structuredClone(record) : undefined;
  }

  /**
   * Merges `change` into the task's record and persists it before returning. A result that does
   * not fit its phase is refused with a {@link TaskRecordError}, and nothing is written.
   */
  update(taskId: string, change: RecordChange): Promise<TaskRecord> {
    const next = this.queue.then(() => this.apply(taskId, change));
    this.queue = next.catch(() => {});
    return next;
  }

  private async apply(taskId: string, change: RecordChange): Promise<TaskRecord> {
    const previous = this.state.tasks[taskId] ?? { taskId, phase: 'accepted', txs: {} };
    const next = parseTaskRecord(taskId, {
      ...previous,
      ...change,
      txs: { ...previous.txs, ...change.txs },
      taskId,
      updatedAt: new Date().toISOString(),
    });
    const state = { ...this.state, tasks: { ...this.state.tasks, [taskId]: next } };
    await writeFileAtomic(this.path, `${JSON.stringify(state, null, 2)}\n`);
    this.state = state;
    return structuredClone(next);
  }
}

function parseState(path: string, text: string): StateFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(path, `not JSON (${(error as Error).message})`);
  }
  const state = value as Partial<StateFile>;
  if (typeof value !== 'object' || value === null || state.version !== STATE_VERSION) {
    throw new StateFileError(path, `expected version ${STATE_VERSION}`);
  }
  if (typeof state.tasks !== 'object' || state.tasks === null) {
    throw new StateFileError(path, 'missing "tasks"');
  }
  const tasks: Record<string, TaskRecord> = {};
  for (const [id, record] of Object.entries(state.tasks)) {
    try {
      tasks[id] = parseTaskRecord(id, record);
    } catch (error) {
      if (error instanceof TaskRecordError) throw new StateFileError(path, error.message);
      throw error;
    }
  }
  return { ...(state as StateFile), tasks };
}

/** Temporary files of writes that a crash interrupted; the real file is intact, so drop them. */
async function removeStaleTempFiles(dir: string, path: string) {
  const prefix = `${path.slice(dir.length + 1)}.tmp-`;
  for (const name of await readdir(dir)) {
    if (name.startsWith(prefix)) await unlink(join(dir, name)).catch(() => {});
  }
}
