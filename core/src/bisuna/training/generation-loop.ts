import { TrainingAbortedError } from './errors.js';
import { yieldToEventLoop, type Evaluator } from './evaluation/evaluator.js';

/** Why a training loop returned. */
export type LoopStopReason = 'generations' | 'solved' | 'aborted';

export interface GenerationLoopParameters {
  evaluator: Evaluator;
  /** Stops within a fraction of a second; the generation under way is abandoned. */
  signal?: AbortSignal;
  /** Why to stop before the next generation, or null to run it. */
  stopBefore(): 'generations' | 'solved' | null;
  /**
   * Runs one generation. Its evaluation throws TrainingAbortedError when the signal fires, before
   * it changed any state; the loop then returns `aborted`.
   */
  generation(): Promise<void>;
}

/** Longest the loop runs between two yields to the event loop when it has a signal. */
const YIELD_EVERY_MS = 25;

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/**
 * Runs generations until `stopBefore` says why not or the signal fires: yields to the event loop
 * now and then (so that an abort, a signal handler or a timer gets to run at all), and has the
 * evaluator check the signal while it evaluates, so a long generation stops within its lane slice.
 */
export async function runGenerationLoop(p: GenerationLoopParameters): Promise<LoopStopReason> {
  const { evaluator, signal } = p;
  evaluator.setInterrupt?.(
    signal
      ? () => {
          if (signal.aborted) throw new TrainingAbortedError('training aborted mid-generation');
        }
      : null,
  );
  let lastYield = now();
  try {
    for (;;) {
      const stop = p.stopBefore();
      if (stop) return stop;
      if (signal && now() - lastYield >= YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = now();
      }
      if (signal?.aborted) return 'aborted';
      try {
        await p.generation();
      } catch (error) {
        if (error instanceof TrainingAbortedError) return 'aborted';
        throw error;
      }
    }
  } finally {
    evaluator.setInterrupt?.(null);
  }
}
