import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DevnetError } from './errors.js';

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolves once the service answers; rejects or times out otherwise. */
  ready?: (signal: AbortSignal) => Promise<void>;
  readyTimeoutMs?: number;
  /** The service ends by itself (a one-shot job): its exit is not a failure of the stack. */
  expectExit?: boolean;
}

/** How a child process ended. */
export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningService {
  name: string;
  pid: number;
  /** Resolves when the process exits, for whatever reason. */
  exited: Promise<ServiceExit>;
}

type LogSink = (service: string, line: string) => void;

/**
 * Starts child processes and owns their lifetime: each runs in its own process group, an unexpected
 * exit is reported by name and stops the rest, and `stopAll` (also run on SIGINT, SIGTERM and
 * process exit) kills every group it started, so nothing is left running.
 */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  /** Process group ids (= leader pids) of every child started, in start order. */
  private readonly groups: number[] = [];
  private stopping = false;
  private readonly failures: ((error: DevnetError) => void)[] = [];
  private readonly exitHook = () => this.killAllNow();

  constructor(private readonly log: LogSink) {
    process.on('exit', this.exitHook);
  }

  /** Calls `listener` once when a started service exits while the stack is not stopping. */
  onFailure(listener: (error: DevnetError) => void): void {
    this.failures.push(listener);
  }

  async start(spec: ServiceSpec): Promise<RunningService> {
    if (this.stopping) throw new DevnetError(spec.name, 'the stack is stopping');
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.children.set(spec.name, child);
    if (child.pid !== undefined) this.groups.push(child.pid);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream }).on('line', (line) => this.log(spec.name, line));
    }
    let settleExit: (exit: ServiceExit) => void = () => {};
    const whenExited = new Promise<ServiceExit>((resolve) => (settleExit = resolve));
    const exited = new Promise<never>((_, reject) => {
      child.once('error', (error) => {
        this.children.delete(spec.name);
        settleExit({ code: null, signal: null });
        reject(new DevnetError(spec.name, `cannot start ${spec.command}: ${error.message}`));
      });
      child.once('exit', (code, signal) => {
        this.children.delete(spec.name);
        settleExit({ code, signal });
        const error = new DevnetError(
          spec.name,
          `exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`,
        );
        if (!this.stopping && !spec.expectExit)
          for (const listener of this.failures) listener(error);
        reject(error);
      });
    });
    exited.catch(() => {});
    if (spec.ready) {
      const controller = new AbortController();
      const timeoutMs = spec.readyTimeoutMs ?? 30_000;
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        await Promise.race([
          spec.ready(controller.signal).catch((error: unknown) => {
            if (controller.signal.aborted) {
              throw new DevnetError(spec.name, `not ready after ${timeoutMs / 1000} s`);
            }
            throw error;
          }),
          exited,
        ]);
      } catch (error) {
        this.kill(child);
        throw error instanceof DevnetError
          ? error
          : new DevnetError(spec.name, error instanceof Error ? error.message : String(error));
      } finally {
        clearTimeout(timer);
        controller.abort();
      }
    }
    return { name: spec.name, pid: child.pid ?? -1, exited: whenExited };
  }

  /** Whether `stopAll` has begun: exits from now on are the stack's own. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** Names of the services still running. */
  running(): string[] {
    return [...this.children.keys()];
  }

  /**
   * Stops every process group it started, the last started first (the runner before the chain it
   * talks to): SIGTERM, then SIGKILL to what is left after `graceMs`. Resolves when every group
   * is empty, grandchildren included (a group outlives a leader that died on its own).
   */
  async stopAll(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    for (const pgid of [...this.groups].reverse()) {
      if (!groupAlive(pgid)) continue;
      signalGroup(pgid, 'SIGTERM');
      if (!(await groupGone(pgid, graceMs))) {
        signalGroup(pgid, 'SIGKILL');
        await groupGone(pgid, 2_000);
      }
    }
    // Their groups are empty; let Node reap the leaders so `running()` and pids are settled.
    await Promise.all(
      [...this.children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            setTimeout(resolve, 1_000).unref();
          }),
      ),
    );
    process.off('exit', this.exitHook);
  }

  private killAllNow() {
    for (const pgid of this.groups) signalGroup(pgid, 'SIGKILL');
  }

  private kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL') {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  }
}

/**
 * Whether a live process is left in process group `pgid`. Zombies do not count: an exited
 * grandchild waits for init to reap it, which some containers' init does late or never. Linux
 * reads /proc; elsewhere the group is probed with signal 0.
 */
export function groupAlive(pgid: number): boolean {
  if (existsSync('/proc/self/stat')) return liveMembersFromProc(pgid) > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function liveMembersFromProc(pgid: number): number {
  let live = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while listing
    }
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') live++;
  }
  return live;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Resolves true once group `pgid` is empty, false if it is not within `timeoutMs`. */
async function groupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** Polls `url` until it answers with any HTTP status, for `ready` checks. */
export async function waitForHttp(url: string, signal: AbortSignal): Promise<void> {
  for (;;) {
    try {
      await fetch(url, { signal });
      return;
    } catch (error) {
      if (signal.aborted) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
