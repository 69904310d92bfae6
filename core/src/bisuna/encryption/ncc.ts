/**
 * The reference's "NCC" (`SymEncFunctions::nccCalculation`, spec §12), reproduced literally: means
 * built from integer-divided values, cumulative across 150-value chunks, the chunk correlations
 * multiplied together. Not a textbook correlation. Returns -1 when the lengths differ; the tail
 * after the last whole chunk is ignored.
 *
 * @example
 * ncc(enc, dec); // a double; the reference stores it as float
 */
export function ncc(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n !== b.length) return -1;
  let v = 150;
  let chunks = Math.floor(n / v);
  if (n < v) {
    chunks = 1;
    v = n;
  }
  let aM = 0;
  let bM = 0;
  let sC = 0;
  let sA = 0;
  let sB = 0;
  let prod = 1;
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
      sC += da * db;
      sA += da * da;
      sB += db * db;
    }
    prod *= sC / Math.sqrt(sA * sB);
  }
  return prod;
}

/**
 * C's `printf("%f", x)`: six decimals, correctly rounded from the exact binary value with ties to
 * even (glibc and macOS libc agree); `nan`, `inf`, `-inf` for the specials.
 */
export function formatPrintfF(x: number, decimals = 6): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const negative = x < 0 || Object.is(x, -0);
  const [num, den] = exactRational(Math.abs(x));
  const scaled = num * 10n ** BigInt(decimals);
  let q = scaled / den;
  const r2 = (scaled % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  const digits = q.toString().padStart(decimals + 1, '0');
  const int = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${int}${decimals > 0 ? `.${frac}` : ''}`;
}

/** A finite non-negative double as an exact fraction num/den with den a power of two. */
function exactRational(x: number): [bigint, bigint] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  return e >= 0 ? [mant << BigInt(e), 1n] : [mant, 1n << BigInt(-e)];
}

/**
 * The reference's NCC as printed in its CSV line: the double stored as float, multiplied by 100
 * in float, printed with `%f`.
 */
export function formatNccPercent(value: number): string {
  return formatPrintfF(Math.fround(Math.fround(value) * 100));
}

/** One line of the reference's ExtraEncDec output: `i,NCC_AB,NCC_AO,NCC_BO,encPath,decPath`. */
export function nccLine(
  index: number,
  enc: ArrayLike<number>,
  dec: ArrayLike<number>,
  original: ArrayLike<number>,
  encPath: string,
  decPath: string,
): string {
  const ab = formatNccPercent(ncc(enc, dec));
  const ao = formatNccPercent(ncc(enc, original));
  const bo = formatNccPercent(ncc(dec, original));
  return `${index},${ab},${ao},${bo},${encPath},${decPath}`;
}
