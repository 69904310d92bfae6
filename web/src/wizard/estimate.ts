/**
 * Network steps one core runs per second while training Alice and Bob: a round, conservative
 * figure below the A&B generation bench of core/src/bisuna/README.md (6.9 to 7.1 million on one
 * core of a 2-vCPU VM, WebAssembly kernel). Good for an order of magnitude, not a promise.
 */
export const TRAINING_STEPS_PER_SECOND = 5_000_000;

/**
 * The longest Alice-and-Bob training of a spec on one core, in seconds: every generation runs
 * `population × steps` network steps. Eve's training comes on top; training also stops early
 * once Bob decrypts perfectly, and a node with more cores is faster.
 *
 * @example
 * longestTrainingSeconds({ population: 100, steps: 300, generations: 2000 }); // 12
 */
export function longestTrainingSeconds(t: {
  population: number;
  steps: number;
  generations: number;
}): number {
  return (t.population * t.steps * t.generations) / TRAINING_STEPS_PER_SECOND;
}

/** A rough duration in words: "under a second", "about 12 seconds", "about 3 hours", "about 40 days". */
export function roughDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'an unknown time';
  if (seconds < 1) return 'under a second';
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size * (size === 1 ? 1 : 1.5) || size === 1) {
      const n = Math.round(seconds / size);
      return `about ${n.toLocaleString('en')} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return 'an unknown time';
}
