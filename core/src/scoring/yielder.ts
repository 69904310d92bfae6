import { ScoringAbortedError } from './errors.js';

/**
 * A cooperative checkpoint for long synchronous work: throws ScoringAbortedError once `signal`
 * is aborted, and every `sliceMs` of work yields a macrotask (`setTimeout`), so timers such as
 * `AbortSignal.timeout` and a worker's incoming messages get to run. A microtask would not do.
 */
export function createCheckpoint(
  signal: AbortSignal | undefined,
  sliceMs = 25,
): (where: string) => Promise<void> {
  let last = performance.now();
  const check = (where: string) => {
    if (signal?.aborted) throw new ScoringAbortedError(`scoring aborted during ${where}`);
  };
  return async (where) => {
    check(where);
    if (performance.now() - last < sliceMs) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    last = performance.now();
    check(where);
  };
}
