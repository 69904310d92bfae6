import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../src/config.js';
import { groupAlive } from '../../src/supervisor.js';

export { groupAlive };

/** `npm start` (devnet/src/start.ts) as a child process, with its output collected. */
export interface StartProcess {
  child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
  /** The pids the stack printed for its children (`pid N`). */
  childPids(): number[];
  /**
   * Kills the stack whatever state it is in (a failed test's cleanup): start.ts, and every process
   * group it started (each child of the supervisor leads its own group), also those that outlive
   * it. Resolves once none of them is left.
   */
  kill(): Promise<void>;
}

/** Every stack started by this test file and not yet killed. */
const running = new Set<StartProcess>();

/** Kills every stack still running (for `afterEach`/`afterAll`: nothing outlives a failed test). */
export async function killAllStarts(): Promise<void> {
  await Promise.all([...running].map((start) => start.kill()));
}

/** `[pid, ppid, pgid]` of every live process, from /proc. */
function processTable(): [number, number, number][] {
  const table: [number, number, number][] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      table.push([Number(entry), Number(fields[1]), Number(fields[2])]);
    } catch {
      // exited while listing
    }
  }
  return table;
}

/**
 * The process groups of `pid`'s descendants (the supervisor's children lead their own), except
 * this process's own group: start.ts runs in it, and so do helpers it starts without a group of
 * their own (tsx's esbuild service), which end with it.
 */
export function descendantGroups(pid: number): number[] {
  const table = processTable();
  const own = table.find(([p]) => p === process.pid)?.[2];
  const found = new Set<number>([pid]);
  const groups = new Set<number>();
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, parent, pgid] of table) {
      if (found.has(parent) && !found.has(child)) {
        found.add(child);
        if (pgid !== own) groups.add(pgid);
        grew = true;
      }
    }
  }
  return [...groups];
}

/** SIGKILLs every process group in `groups` and resolves once they are empty (10 s at most). */
export async function killGroups(groups: readonly number[]): Promise<void> {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 10_000;
  while (groups.some(groupAlive) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs `node --import tsx devnet/src/start.ts ...args` with `env` added to the environment. */
export function runStart(args: string[], env: NodeJS.ProcessEnv): StartProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'devnet/src/start.ts'), ...args],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const wake of waiters) wake();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  // The groups of its children, seen while it runs: a SIGKILLed start.ts leaves them orphaned.
  const groups = new Set<number>();
  const look = () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
      for (const pgid of descendantGroups(child.pid)) groups.add(pgid);
  };
  const watcher = setInterval(look, 250);
  watcher.unref();
  void exited.then(() => clearInterval(watcher));

  const start: StartProcess = {
    child,
    output: () => text,
    exited,
    childPids: () => [...text.matchAll(/pid (\d+)/g)].map((m) => Number(m[1])),
    async kill() {
      running.delete(start);
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        // Frozen first, so it starts nothing more between the last look and the kill.
        child.kill('SIGSTOP');
        look();
        child.kill('SIGKILL');
        await exited;
      }
      // The children the stack named (each leads its own group), in case one was never seen.
      for (const pid of start.childPids()) if (pid !== process.pid) groups.add(pid);
      await killGroups([...groups]);
    },
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (match) {
            done();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${pattern}; output:\n${text}`));
        }, timeoutMs);
        const ended = () => {
          done();
          reject(new Error(`exited before ${pattern}; output:\n${text}`));
        };
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', ended);
        };
        waiters.add(check);
        child.once('exit', ended);
        check();
      });
    },
  };
  running.add(start);
  return start;
}
