import type { RandomSource } from '../format/genome.js';
import { randPos } from './random.js';

/** Per-agent pass/fail rows over a generation's test cases: bit c of row i set = agent i passed c. */
export interface CaseRows {
  /** `agents` rows of `bytes` bytes each. */
  bits: Uint8Array;
  bytes: number;
  agents: number;
  cases: number;
}

/**
 * Lexicase selection (Spector 2012; Helmuth, Spector and Matheson 2015): each choice shuffles the
 * cases and, case after case, keeps only the candidates that pass it (when any does), until one
 * candidate is left or the cases run out; then a random survivor. Agents that are the only ones to
 * solve some hard cases get chosen even when their total is low, which keeps the partial solutions
 * a problem like the multiplexer is assembled from.
 *
 * @returns `count` agent indices (repeats allowed), drawn with `rng`.
 */
export function lexicaseSelect(rows: CaseRows, count: number, rng: RandomSource): Int32Array {
  const { bits, bytes, agents, cases } = rows;
  if (agents < 1) throw new RangeError('lexicase selection needs at least one agent');
  const order = new Int32Array(cases);
  for (let c = 0; c < cases; c++) order[c] = c;
  const pool = new Int32Array(agents);
  const kept = new Int32Array(agents);
  const chosen = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < agents; i++) pool[i] = i;
    let size = agents;
    for (let left = cases; left > 0 && size > 1; left--) {
      const j = randPos(rng, left - 1);
      const c = order[j]!;
      order[j] = order[left - 1]!;
      order[left - 1] = c;
      const byte = c >> 3;
      const bit = 1 << (c & 7);
      let n = 0;
      for (let p = 0; p < size; p++) {
        const a = pool[p]!;
        if (bits[a * bytes + byte]! & bit) kept[n++] = a;
      }
      if (n === 0 || n === size) continue;
      pool.set(kept.subarray(0, n));
      size = n;
    }
    chosen[k] = pool[size === 1 ? 0 : randPos(rng, size - 1)]!;
  }
  return chosen;
}
