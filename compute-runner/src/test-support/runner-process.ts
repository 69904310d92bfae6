/**
 * Test support: the runner as a real child process (`bin/tem.js watch`), its JSON-line events,
 * and SIGKILL at a chosen event.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const TEM_BIN = fileURLToPath(new URL('../../bin/tem.js', import.meta.url));

export interface RunnerEventLine {
  event: string;
  taskId?: string;
  message: string;
  [field: string]: unknown;
}

export interface RunnerProcess {
  child: ChildProcess;
  events: RunnerEventLine[];
  stderr: () => string;
  /** Resolves with the first event named `name` (already seen or future) that `match` accepts. */
  waitFor(
    name: string,
    timeoutMs?: number,
    match?: (event: RunnerEventLine) => boolean,
  ): Promise<RunnerEventLine>;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
}

/** Starts `tem <args>` with `env` added to a minimal environment. */
export function startTem(
  args: string[],
  env: Record<string, string>,
  command = [TEM_BIN],
): RunnerProcess {
  const child = spawn(process.execPath, [...command, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: RunnerEventLine[] = [];
  const waiters: {
    name: string;
    match: (e: RunnerEventLine) => boolean;
    resolve: (e: RunnerEventLine) => void;
  }[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let event: RunnerEventLine;
    try {
      event = JSON.parse(line) as RunnerEventLine;
    } catch {
      return;
    }
    events.push(event);
    for (const waiter of waiters.filter((w) => w.name === event.event && w.match(event))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    child,
    events,
    stderr: () => stderr,
    exited,
    waitFor(name, timeoutMs = 60_000, match = () => true) {
      const seen = events.find((e) => e.event === name && match(e));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no '${name}' event within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({ name, match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(
            new Error(`runner exited (${code}) before '${name}'; stderr: ${stderr.slice(-2000)}`),
          );
        });
      });
    },
  };
}

/** SIGKILL, then wait for the exit. */
export async function killHard(runner: RunnerProcess): Promise<void> {
  runner.child.kill('SIGKILL');
  await runner.exited;
}
