import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/config.js';
import { isPortFree } from '../src/ports.js';
import { descendantGroups, groupAlive, killGroups } from './test-support/run-start.js';
import { stackEnv } from './test-support/stack-env.js';

let dataDir: string;
let env: NodeJS.ProcessEnv;
let ports: number[];

beforeAll(async () => {
  const stack = await stackEnv('tem-npm-start-');
  ({ dataDir, ports } = stack);
  env = { ...process.env, ...stack.env };
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** The pids whose parent is `ppid`, from /proc. */
function childrenOf(ppid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid && fields[0] !== 'Z') found.push(Number(entry));
    } catch {
      // exited while listing
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits until `pid` has exited, as a person would wait for a stack to stop: up to `ms`. */
async function exitOf(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 100));
  }
  return true;
}

/**
 * `npm start` as a user runs it (npm itself, not node), up to the runner's start; then `stop` is
 * done to npm's pid alone, and nothing of the stack may be left.
 */
async function startThenStop(stop: (npmPid: number) => void) {
  const npm = spawn('npm', ['start'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const runnerStarted = new Promise<void>((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      if (/runner\s+tem watch as .*pid \d+/.test(output)) resolve();
    };
    npm.stdout.on('data', look);
    npm.stderr.on('data', look);
    npm.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  const npmExited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
  // The stack's process groups, seen while it runs: a failed test kills them (below).
  const groups = new Set<number>();
  const watcher = setInterval(() => {
    for (const pgid of descendantGroups(npm.pid!)) groups.add(pgid);
  }, 250);
  try {
    await runnerStarted;
    const stack = childrenOf(npm.pid!);
    expect(stack, 'npm start runs one process: devnet/src/start.ts').toHaveLength(1);
    const services = [...output.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
    expect(services.length).toBeGreaterThanOrEqual(4);
    stop(npm.pid!);
    await npmExited;
    expect(await exitOf(stack[0]!, 60_000), `start.ts (pid ${stack[0]}) still running`).toBe(true);
    for (const pid of services) expect(groupAlive(pid), `process group ${pid}`).toBe(false);
    for (const port of ports) expect(await isPortFree(port), `port ${port}`).toBe(true);
    return output;
  } finally {
    clearInterval(watcher);
    for (const pgid of descendantGroups(npm.pid!)) groups.add(pgid);
    for (const pid of childrenOf(npm.pid!)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
    npm.kill('SIGKILL');
    await killGroups([...groups]);
  }
}

describe('npm start stops the whole stack', () => {
  it('on SIGTERM to npm', async () => {
    const output = await startThenStop((pid) => process.kill(pid, 'SIGTERM'));
    expect(output).toContain('SIGTERM: stopping');
  }, 240_000);

  it('on SIGINT to npm', async () => {
    const output = await startThenStop((pid) => process.kill(pid, 'SIGINT'));
    expect(output).toContain('SIGINT: stopping');
  }, 180_000);

  it('when npm is killed outright (SIGKILL), the orphaned stack stops itself', async () => {
    await startThenStop((pid) => process.kill(pid, 'SIGKILL'));
  }, 180_000);
});
