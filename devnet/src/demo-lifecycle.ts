import { DevnetError } from './errors.js';
import type { DemoTask } from './demo-task.js';

/** A JSON line of `tem watch --json`. */
export interface RunnerLine {
  event: string;
  taskId?: string;
  message: string;
  level?: string;
  [field: string]: unknown;
}

/** Parses a runner stdout line; undefined when it is not a JSON event. */
export function parseRunnerLine(line: string): RunnerLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line) as Partial<RunnerLine>;
    return typeof value.event === 'string' && typeof value.message === 'string'
      ? (value as RunnerLine)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The steps of the demo, in order; a failure names the step that did not happen. */
export const DEMO_STEPS = [
  'accepted',
  'trained',
  'committed',
  'uploaded',
  'revealed',
  'seed fixed',
  'scored',
  'finalized',
  'withdrawn',
] as const;
export type DemoStep = (typeof DEMO_STEPS)[number];

/** What the demo ended with. */
export interface DemoOutcome {
  taskId: bigint;
  /** Wei the runner withdrew. */
  paid: bigint;
}

/** The chain-time move the demo makes instead of waiting out a deadline. */
export interface FastForward {
  /** The runner waits for chain time `until` (a deadline of the demo task): move there. */
  to(until: bigint, why: string): Promise<void>;
}

/**
 * Follows the runner's events (and the chain's, for the test seed) for the demo task:
 * fast-forwards chain time whenever the runner waits for one of the task's deadlines, resolves
 * `done` on the withdrawal, rejects naming the step that failed.
 */
export class DemoLifecycle {
  readonly done: Promise<DemoOutcome>;
  private reached = new Set<DemoStep>();
  private movedTo = new Set<bigint>();
  private resolve!: (outcome: DemoOutcome) => void;
  private reject!: (error: DevnetError) => void;
  private settled = false;

  constructor(
    private readonly task: DemoTask,
    private readonly fastForward: FastForward,
  ) {
    this.done = new Promise<DemoOutcome>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.done.catch(() => {});
  }

  /** The first step not reached yet (what a failure or a timeout is named after). */
  nextStep(): DemoStep | 'done' {
    return DEMO_STEPS.find((step) => !this.reached.has(step)) ?? 'done';
  }

  /** Feeds one runner event. */
  onRunnerEvent(line: RunnerLine): void {
    if (this.settled || line.taskId !== this.task.taskId.toString()) return;
    const event = line.event;
    if (event === 'failed' || event === 'lost' || event === 'skipped' || event === 'cancelled') {
      this.fail(`the runner reports '${event}': ${line.message}`);
      return;
    }
    if (event === 'waiting' && typeof line.until === 'number') {
      const until = BigInt(line.until);
      if (this.isDeadline(until) && !this.movedTo.has(until)) {
        this.movedTo.add(until);
        this.fastForward
          .to(until, line.message.replace(/^waiting: /, ''))
          .catch((error: unknown) =>
            this.fail(`moving chain time failed: ${(error as Error).message}`),
          );
      }
      return;
    }
    if (!(DEMO_STEPS as readonly string[]).includes(event)) return;
    this.reach(event as DemoStep);
    if (event === 'withdrawn') {
      this.settled = true;
      this.resolve({
        taskId: this.task.taskId,
        paid: BigInt(String(line.amount ?? this.task.bounty)),
      });
    }
  }

  /** Feeds one TaskMarket event: the test seed of the demo task being fixed is a step. */
  onChainEvent(event: { eventName: string; args: Record<string, unknown> }): void {
    if (event.eventName === 'TestSeedFixed' && event.args.taskId === this.task.taskId) {
      this.reach('seed fixed');
    }
  }

  /** Ends the demo with a failure at the current step. */
  fail(reason: string): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(new DevnetError(`demo: ${this.nextStep()}`, reason));
  }

  private reach(step: DemoStep): void {
    this.reached.add(step);
  }

  /** Only the demo task's own deadlines are moved to, never an arbitrary time. */
  private isDeadline(time: bigint): boolean {
    const t = this.task;
    return [
      t.commitDeadline,
      t.revealDeadline,
      t.seedCommitDeadline,
      t.seedRevealDeadline,
      t.scoringDeadline,
    ].includes(time);
  }
}
