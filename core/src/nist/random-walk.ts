import type { BitSequence } from './bit-sequence.js';

/** What the two random-excursion tests need from the +-1 walk S_1..S_n. */
export interface ExcursionStats {
  /** Number of cycles J: zero crossings, plus one if the walk does not end at 0. */
  J: number;
  /** True when the zero crossings exceeded max(1000, n/100): the suite aborts RandomExcursions. */
  tooManyCycles: boolean;
  /** nu[k * 8 + s]: cycles visiting state s (x = -4..-1, 1..4) exactly k times (k = 5: 5 or more). */
  nu: Float64Array;
  /** visits[x + 9]: total visits of the walk to state x, for x in -9..9. */
  visits: Float64Array;
}

/** Net step of the +-1 walk over each byte value. */
const BYTE_STEP = new Int8Array(256);
for (let b = 0; b < 256; b++) BYTE_STEP[b] = 2 * popcount8(b) - 8;

function popcount8(b: number): number {
  let c = 0;
  for (; b; b &= b - 1) c++;
  return c;
}

/** Walks the sequence once, collecting cycle and state-visit counts for both excursion tests. */
export function excursionStats(seq: BitSequence): ExcursionStats {
  const n = seq.length;
  const bytes = seq.bytes;
  const maxCycles = Math.max(1000, Math.floor(n / 100));
  const nu = new Float64Array(6 * 8);
  const visits = new Float64Array(19);
  // Per-cycle visit counts to -4..4 (index x + 4; index 4 unused).
  const counter = new Int32Array(9);
  let J = 0;
  let tooManyCycles = false;
  let S = 0;
  const flush = () => {
    for (let x = -4; x <= 4; x++) {
      if (x === 0) continue;
      const c = counter[x + 4]!;
      const s = x < 0 ? x + 4 : x + 3;
      nu[(c < 5 ? c : 5) * 8 + s]!++;
      counter[x + 4] = 0;
    }
  };
  const step = (bit: number) => {
    S += bit ? 1 : -1;
    if (S === 0) {
      J++;
      if (J > maxCycles) tooManyCycles = true;
      flush();
    } else if (S >= -9 && S <= 9) {
      visits[S + 9]!++;
      if (S >= -4 && S <= 4) counter[S + 4]!++;
    }
  };
  const fullBytes = n >>> 3;
  for (let i = 0; i < fullBytes; i++) {
    const b = bytes[i]!;
    // Eight steps from |S| >= 18 can neither reach 0 nor a counted state: move in one go.
    if (S >= 18 || S <= -18) {
      S += BYTE_STEP[b]!;
      continue;
    }
    for (let k = 7; k >= 0; k--) step((b >>> k) & 1);
  }
  for (let i = fullBytes * 8; i < n; i++) step((bytes[i >>> 3]! >>> (7 - (i & 7))) & 1);
  if (n > 0 && S !== 0) {
    J++;
    flush();
  }
  return { J, tooManyCycles, nu, visits };
}
