/**
 * The incomplete gamma functions and log-gamma of sts-2.1.2's `cephes.c`, ported operation by
 * operation so that p-values computed with them match the suite's to the last bits.
 */

// Constants are cephes.c's, written as the doubles they round to.
const MACHEP = 1.1102230246251565e-16;
const MAXLOG = 709.782712893384;
const MAXNUM = Number.MAX_VALUE;
const BIG = 4.503599627370496e15;
const BIGINV = 2.220446049250313e-16;
const MAXLGM = 2.556348e305;
const LOG_PI = Math.log(Math.PI);
const LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));

/** Decodes cephes' IBM-PC coefficient tables: four little-endian 16-bit words per double. */
function decodeShorts(shorts: readonly number[]): Float64Array {
  const out = new Float64Array(shorts.length / 4);
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < out.length; i++) {
    for (let j = 0; j < 4; j++) view.setUint16(2 * j, shorts[4 * i + j]!, true);
    out[i] = view.getFloat64(0, true);
  }
  return out;
}

// prettier-ignore
const A = decodeShorts([
  0x6661, 0x2733, 0x9850, 0x3f4a, 0xe943, 0xb580, 0x7fbd, 0xbf43, 0x5ebb, 0x20dc, 0x019f, 0x3f4a,
  0xa5a1, 0x16b0, 0xc16c, 0xbf66, 0x554b, 0x5555, 0x5555, 0x3fb5,
]);
// prettier-ignore
const B = decodeShorts([
  0x6761, 0x8ff3, 0x8901, 0xc095, 0xb93e, 0x355b, 0xf234, 0xc0e2, 0x89e5, 0xf890, 0x3d73, 0xc114,
  0xdb51, 0xf994, 0xbc82, 0xc131, 0xf20b, 0x0219, 0x4589, 0xc13a, 0x055e, 0x5418, 0x0c67, 0xc12a,
]);
// prettier-ignore
const C = decodeShorts([
  0x12b2, 0x1cf3, 0xfd0d, 0xc075, 0xd757, 0x7b89, 0xaa0d, 0xc0d0, 0x4c9b, 0xb974, 0xeb84, 0xc10a,
  0x0043, 0x7195, 0x6286, 0xc131, 0xf34c, 0x892f, 0x5255, 0xc143, 0xe14a, 0x6a11, 0xce4b, 0xc13e,
]);

function polevl(x: number, coef: Float64Array, n: number): number {
  let ans = coef[0]!;
  for (let i = 1; i <= n; i++) ans = ans * x + coef[i]!;
  return ans;
}

function p1evl(x: number, coef: Float64Array, n: number): number {
  let ans = x + coef[0]!;
  for (let i = 1; i < n; i++) ans = ans * x + coef[i]!;
  return ans;
}

/** Natural log of |Gamma(x)| (cephes `lgam`); returns MAXNUM at the poles, as the suite does. */
export function lgam(x: number): number {
  if (x < -34.0) {
    const q = -x;
    const w = lgam(q);
    let p = Math.floor(q);
    if (p === q) return MAXNUM;
    let z = q - p;
    if (z > 0.5) {
      p += 1.0;
      z = p - q;
    }
    z = q * Math.sin(Math.PI * z);
    if (z === 0.0) return MAXNUM;
    return LOG_PI - Math.log(z) - w;
  }
  if (x < 13.0) {
    let z = 1.0;
    let p = 0.0;
    let u = x;
    while (u >= 3.0) {
      p -= 1.0;
      u = x + p;
      z *= u;
    }
    while (u < 2.0) {
      if (u === 0.0) return MAXNUM;
      z /= u;
      p += 1.0;
      u = x + p;
    }
    if (z < 0.0) z = -z;
    if (u === 2.0) return Math.log(z);
    p -= 2.0;
    const xx = x + p;
    p = (xx * polevl(xx, B, 5)) / p1evl(xx, C, 6);
    return Math.log(z) + p;
  }
  if (x > MAXLGM) return MAXNUM;
  let q = (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI;
  if (x > 1.0e8) return q;
  const p = 1.0 / (x * x);
  if (x >= 1000.0) {
    q += ((7.936507936507937e-4 * p - 2.777777777777778e-3) * p + 0.08333333333333333) / x;
  } else {
    q += polevl(p, A, 4) / x;
  }
  return q;
}

/** Regularised lower incomplete gamma P(a, x) (cephes `igam`). */
export function igam(a: number, x: number): number {
  if (x <= 0 || a <= 0) return 0.0;
  if (x > 1.0 && x > a) return 1.0 - igamc(a, x);
  let ax = a * Math.log(x) - x - lgam(a);
  if (ax < -MAXLOG) return 0.0;
  ax = Math.exp(ax);
  let r = a;
  let c = 1.0;
  let ans = 1.0;
  do {
    r += 1.0;
    c *= x / r;
    ans += c;
  } while (c / ans > MACHEP);
  return (ans * ax) / a;
}

/**
 * Regularised upper incomplete gamma Q(a, x) (cephes `igamc`): the p-value of a chi-square
 * statistic chi2 with k degrees of freedom is `igamc(k / 2, chi2 / 2)`.
 *
 * @example igamc(1.5, 0.5) // 0.8012519569012009 (SP 800-22 2.2.4)
 */
export function igamc(a: number, x: number): number {
  if (x <= 0 || a <= 0) return 1.0;
  if (x < 1.0 || x < a) return 1.0 - igam(a, x);
  let ax = a * Math.log(x) - x - lgam(a);
  if (ax < -MAXLOG) return 0.0;
  ax = Math.exp(ax);

  let y = 1.0 - a;
  let z = x + y + 1.0;
  let c = 0.0;
  let pkm2 = 1.0;
  let qkm2 = x;
  let pkm1 = x + 1.0;
  let qkm1 = z * x;
  let ans = pkm1 / qkm1;
  let t: number;
  do {
    c += 1.0;
    y += 1.0;
    z += 2.0;
    const yc = y * c;
    const pk = pkm1 * z - pkm2 * yc;
    const qk = qkm1 * z - qkm2 * yc;
    if (qk !== 0) {
      const r = pk / qk;
      t = Math.abs((ans - r) / r);
      ans = r;
    } else {
      t = 1.0;
    }
    pkm2 = pkm1;
    pkm1 = pk;
    qkm2 = qkm1;
    qkm1 = qk;
    if (Math.abs(pk) > BIG) {
      pkm2 *= BIGINV;
      pkm1 *= BIGINV;
      qkm2 *= BIGINV;
      qkm1 *= BIGINV;
    }
  } while (t > MACHEP);
  return ans * ax;
}
