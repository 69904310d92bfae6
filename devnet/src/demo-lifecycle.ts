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
  'uploaded',
  'committed',
  'revealed',
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

/** The chain-time moves the demo makes instead of waiting out a deadline. */
export interface FastForward {
  /** The runner committed and waits for the commit deadline to reveal. */
  toRevealWindow(): Promise<void>;
  /** The score is recorded and the runner waits for the scoring deadline to finalize. */
  toFinalizeWindow(): Promise<void>;
}

/**
 * Follows the runner's events for the demo task: fast-forwards chain time when the runner waits
 * for a deadline, resolves `done` on the withdrawal, rejects naming the step that failed.
 */
export class DemoLifecycle {
  readonly done: Promise<DemoOutcome>;
  private reached = new Set<DemoStep>();
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
    if (!(DEMO_STEPS as readonly string[]).includes(event)) return;
    this.reached.add(event as DemoStep);
    const move =
      event === 'committed'
        ? this.fastForward.toRevealWindow()
        : event === 'scored'
          ? this.fastForward.toFinalizeWindow()
          : undefined;
    move?.catch((error: unknown) =>
      this.fail(`moving chain time failed: ${(error as Error).message}`),
    );
    if (event === 'withdrawn') {
      this.settled = true;
      this.resolve({
        taskId: this.task.taskId,
        paid: BigInt(String(line.amount ?? this.task.bounty)),
      });
    }
  }

  /** Ends the demo with a failure at the current step. */
  fail(reason: string): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(new DevnetError(`demo: ${this.nextStep()}`, reason));
  }
}
