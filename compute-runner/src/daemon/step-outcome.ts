/**
 * What one step did: moved the task on, or must wait (for a deadline, training, a verifier, a
 * transaction to be mined). `warn` when the wait is worth an operator's attention; `until` when
 * it waits for a deadline (chain time, unix seconds).
 */
export type StepOutcome =
  { kind: 'progress' } | { kind: 'wait'; why: string; warn?: boolean; until?: bigint };

export const progress: StepOutcome = { kind: 'progress' };
export const waiting = (why: string, warn?: boolean, until?: bigint): StepOutcome => ({
  kind: 'wait',
  why,
  ...(warn ? { warn } : {}),
  ...(until !== undefined ? { until } : {}),
});
