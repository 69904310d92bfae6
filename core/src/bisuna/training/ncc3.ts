/**
 * The reference NCC (`ncc` of `../ncc.ts`, spec §12) of the three pairs (a,b), (a,o), (b,o) of
 * equal-length sequences in one pass: each sequence's cumulative means and squared deviations are
 * computed once instead of twice. Every sum is accumulated in the same order as three separate
 * `ncc` calls, so the results are bit-identical to them.
 */
export function ncc3(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  o: ArrayLike<number>,
  n: number,
): [ab: number, ao: number, bo: number] {
  let v = 150;
  let chunks = Math.floor(n / v);
  if (n < v) {
    chunks = 1;
    v = n;
  }
  let aM = 0;
  let bM = 0;
  let oM = 0;
  let sAA = 0;
  let sBB = 0;
  let sOO = 0;
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
      oM += Math.floor(o[i]! / v);
    }
    for (let i = from; i < to; i++) {
      const da = a[i]! - aM;
      const db = b[i]! - bM;
      const dO = o[i]! - oM;
      sAB += da * db;
      sAO += da * dO;
      sBO += db * dO;
      sAA += da * da;
      sBB += db * db;
      sOO += dO * dO;
    }
    pAB *= sAB / Math.sqrt(sAA * sBB);
    pAO *= sAO / Math.sqrt(sAA * sOO);
    pBO *= sBO / Math.sqrt(sBB * sOO);
  }
  return [pAB, pAO, pBO];
}
