/** Longest delay `setTimeout` honours; a longer one fires after 1 ms instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `setTimeout` for any delay: deadlines weeks away (a task's commit deadline) wait in steps of
 * at most ~24.8 days instead of firing at once. Returns the function that cancels it.
 *
 * @example
 * const cancel = setLongTimeout(() => controller.abort(), deadlineMs - Date.now());
 */
export function setLongTimeout(fire: () => void, delayMs: number): () => void {
  let handle: ReturnType<typeof setTimeout>;
  const arm = (left: number) => {
    const step = Math.min(left, MAX_TIMER_MS);
    handle = setTimeout(() => (left > step ? arm(left - step) : fire()), step);
  };
  arm(Number.isFinite(delayMs) ? Math.max(0, delayMs) : MAX_TIMER_MS * 2);
  return () => clearTimeout(handle);
}
