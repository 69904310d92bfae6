/**
 * The plaintext side of {@link ncc3}, which depends on the plaintext alone: computed once per
 * stream and shared by every episode on it.
 */
export interface NccPlainTerms {
  /** Chunk length (150, or n when shorter) and number of chunks. */
  v: number;
  chunks: number;
  /** Per word: the word minus its chunk's running mean. */
  dev: Float64Array;
  /** Per chunk: the running sum of squared deviations at the chunk's end. */
  sumSq: Float64Array;
}

/** Chunk length and count of the reference NCC (`ncc` of `../ncc.ts`, spec §12). */
function chunking(n: number): { v: number; chunks: number } {
  return n < 150 ? { v: n, chunks: 1 } : { v: 150, chunks: Math.floor(n / 150) };
}

/** {@link NccPlainTerms} of the first `n` words of `o`. */
export function nccPlainTerms(o: Uint16Array, n: number): NccPlainTerms {
  const { v, chunks } = chunking(n);
  const dev = new Float64Array(chunks * v);
  const sumSq = new Float64Array(chunks);
  let oM = 0;
  let sOO = 0;
  for (let j = 0; j < chunks; j++) {
    const from = j * v;
    const to = from + v;
    for (let i = from; i < to; i++) oM += Math.floor(o[i]! / v);
    for (let i = from; i < to; i++) {
      const dO = o[i]! - oM;
      dev[i] = dO;
      sOO += dO * dO;
    }
    sumSq[j] = sOO;
  }
  return { v, chunks, dev, sumSq };
}

/**
 * The reference NCC of the three pairs (a,b), (a,o), (b,o) of equal-length sequences in one pass,
 * with o's side precomputed ({@link nccPlainTerms}): each sequence's cumulative means and squared
 * deviations are computed once instead of twice. Every sum is accumulated in the same order as
 * three separate `ncc` calls, so the results are bit-identical to them.
 */
export function ncc3(
  a: Uint16Array,
  b: Uint16Array,
  o: NccPlainTerms,
): [ab: number, ao: number, bo: number] {
  const { v, chunks, dev, sumSq } = o;
  let aM = 0;
  let bM = 0;
  let sAA = 0;
  let sBB = 0;
  let sAB = 0;
  let sAO = 0;
  let sBO = 0;
  let pAB = 1;
  let pAO = 1;
  let pBO = 1;
  for (let j = 0; j < chunks; j++) {
    const from = j * v;
    const to = from + v;
    for (let i = from; i < to; i++) {
      aM += Math.floor(a[i]! / v);
      bM += Math.floor(b[i]! / v);
    }
    for (let i = from; i < to; i++) {
      const da = a[i]! - aM;
      const db = b[i]! - bM;
      const dO = dev[i]!;
      sAB += da * db;
      sAO += da * dO;
      sBO += db * dO;
      sAA += da * da;
      sBB += db * db;
    }
    const sOO = sumSq[j]!;
    pAB *= sAB / Math.sqrt(sAA * sBB);
    pAO *= sAO / Math.sqrt(sAA * sOO);
    pBO *= sBO / Math.sqrt(sBB * sOO);
  }
  return [pAB, pAO, pBO];
}
