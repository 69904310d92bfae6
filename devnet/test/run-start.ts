import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../src/config.js';

export { groupAlive } from '../src/supervisor.js';

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
  return {
    child,
    output: () => text,
    exited,
    childPids: () => [...text.matchAll(/pid (\d+)/g)].map((m) => Number(m[1])),
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
}
