/**
 * A double-precision complex FFT of any length: mixed-radix Stockham (radices 4, 2, 3, 5 and
 * small odd primes) when n factors into small primes, Bluestein's chirp-z otherwise. sts-2.1.2
 * transforms exactly n points (no padding), so the spectrum here is that same DFT.
 */

const MAX_DIRECT_RADIX = 31;

/** Splits n into radices, largest-first by preference for 4; returns undefined if a factor is too big. */
function factorize(n: number): number[] | undefined {
  const radices: number[] = [];
  let rest = n;
  while (rest % 4 === 0) {
    radices.push(4);
    rest /= 4;
  }
  if (rest % 2 === 0) {
    radices.push(2);
    rest /= 2;
  }
  for (let p = 3; p * p <= rest; p += 2) {
    while (rest % p === 0) {
      if (p > MAX_DIRECT_RADIX) return undefined;
      radices.push(p);
      rest /= p;
    }
  }
  if (rest > 1) {
    if (rest > MAX_DIRECT_RADIX) return undefined;
    radices.push(rest);
  }
  return radices;
}

const ANCHOR_STRIDE = 64;

/**
 * cos/sin of -2*pi*t/n for t in [0, count). Every 64th entry is computed directly and the ones
 * between by one complex multiplication with a small-angle table: a few ulp of error at a
 * sixteenth of the cost of a cos and a sin per entry.
 */
export function twiddles(n: number, count = n): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(count);
  const sin = new Float64Array(count);
  const step = (2 * Math.PI) / n;
  const stride = Math.min(ANCHOR_STRIDE, count);
  const cb = new Float64Array(stride);
  const sb = new Float64Array(stride);
  for (let k = 0; k < stride; k++) {
    cb[k] = Math.cos(step * k);
    sb[k] = Math.sin(step * k);
  }
  for (let base = 0; base < count; base += stride) {
    const ca = Math.cos(step * base);
    const sa = Math.sin(step * base);
    const end = Math.min(stride, count - base);
    for (let k = 0; k < end; k++) {
      cos[base + k] = ca * cb[k]! - sa * sb[k]!;
      sin[base + k] = -(sa * cb[k]! + ca * sb[k]!);
    }
  }
  return { cos, sin };
}

/**
 * In-place forward DFT X_k = sum_j x_j e^{-2 pi i jk/n} of (re, im).
 *
 * @example const re = new Float64Array([1, -1, 1, 1]); fft(re, new Float64Array(4));
 */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (im.length !== n) throw new RangeError(`fft: re has ${n} points but im has ${im.length}`);
  if (n <= 1) return;
  const plan = planFor(n);
  if (plan) stockham(re, im, plan);
  else bluestein(re, im);
}

/** What a mixed-radix transform of one length needs: radices, twiddles and scratch buffers. */
interface Plan {
  n: number;
  radices: number[];
  cos: Float64Array;
  sin: Float64Array;
  scratchRe: Float64Array;
  scratchIm: Float64Array;
}

// The last two plans (a real transform of n uses the n/2 plan and the split twiddles of n), kept
// because the same length is usually transformed again (every ciphertext of a task).
const plans: Plan[] = [];

/**
 * The plan for n points. `double` (the twiddles of 2n points, first n entries) spares computing
 * the table again: w_n^t = w_2n^2t, which is -w_2n^(2t-n) once 2t passes n.
 */
function planFor(n: number, double?: { cos: Float64Array; sin: Float64Array }): Plan | undefined {
  const cached = plans.find((p) => p.n === n);
  if (cached) return cached;
  const radices = factorize(n);
  if (!radices) return undefined;
  let cos: Float64Array;
  let sin: Float64Array;
  if (double) {
    cos = new Float64Array(n);
    sin = new Float64Array(n);
    const half = Math.ceil(n / 2);
    for (let t = 0; t < half; t++) {
      cos[t] = double.cos[2 * t]!;
      sin[t] = double.sin[2 * t]!;
    }
    for (let t = half; t < n; t++) {
      cos[t] = -double.cos[2 * t - n]!;
      sin[t] = -double.sin[2 * t - n]!;
    }
  } else {
    ({ cos, sin } = twiddles(n));
  }
  const plan = {
    n,
    radices,
    cos,
    sin,
    scratchRe: new Float64Array(n),
    scratchIm: new Float64Array(n),
  };
  plans.unshift(plan);
  plans.length = Math.min(plans.length, 2);
  return plan;
}

let splitCache: { n: number; cos: Float64Array; sin: Float64Array } | undefined;

function splitTwiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  if (splitCache?.n !== n) splitCache = { n, ...twiddles(n, n / 2) };
  return splitCache;
}

/**
 * The DFT of a real sequence x, bins 0 .. floor(n/2) (the rest are their conjugates). Even n
 * takes one complex FFT of n/2 points plus a split step, about half the work of `fft`.
 *
 * @example realFft(new Float64Array([1, -1, 1, 1])) // { re: [2, 0, 2], im: [0, 2, 0] }
 */
export function realFft(x: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const bins = Math.floor(n / 2) + 1;
  if (!usesRealSplit(n)) {
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    fft(re, im);
    return { re: re.slice(0, bins), im: im.slice(0, bins) };
  }
  const h = n / 2;
  const re = new Float64Array(h + 1);
  const im = new Float64Array(h + 1);
  for (let k = 0; k < h; k++) {
    re[k] = x[2 * k]!;
    im[k] = x[2 * k + 1]!;
  }
  realFftPacked(re, im, n);
  return { re, im };
}

/** True when a real transform of n points goes through `realFftPacked` (n even, n/2 smooth). */
export function usesRealSplit(n: number): boolean {
  return n % 2 === 0 && n >= 4 && factorize(n / 2) !== undefined;
}

/**
 * In-place real DFT of n = 2h points given packed as z_k = x_2k + i x_2k+1 in re/im[0 .. h-1]
 * (arrays of length h + 1): afterwards re/im[k] hold bin k for k = 0 .. h. The caller must
 * ensure that h factors into small primes (`realFft` checks).
 */
export function realFftPacked(re: Float64Array, im: Float64Array, n: number): void {
  const h = n / 2;
  const zr = re.subarray(0, h);
  const zi = im.subarray(0, h);
  const w = splitTwiddles(n);
  stockham(zr, zi, planFor(h, w)!);
  // X_k = E_k + w^k O_k with E_k = (Z_k + conj Z_{h-k}) / 2 and O_k = (Z_k - conj Z_{h-k}) / 2i;
  // bins k and h-k are computed together from Z_k and Z_{h-k}, so the update can be in place.
  const z0r = re[0]!;
  const z0i = im[0]!;
  re[0] = z0r + z0i;
  im[0] = 0;
  re[h] = z0r - z0i;
  im[h] = 0;
  for (let k = 1; 2 * k <= h; k++) {
    const j = h - k;
    const ar = re[k]!;
    const ai = im[k]!;
    const br = re[j]!;
    const bi = im[j]!;
    // bin k from (Z_k, conj Z_j)
    let er = 0.5 * (ar + br);
    let ei = 0.5 * (ai - bi);
    let or = 0.5 * (ai + bi);
    let oi = -0.5 * (ar - br);
    let c = w.cos[k]!;
    let s = w.sin[k]!;
    re[k] = er + (or * c - oi * s);
    im[k] = ei + (or * s + oi * c);
    if (j === k) break;
    // bin j from (Z_j, conj Z_k)
    er = 0.5 * (br + ar);
    ei = 0.5 * (bi - ai);
    or = 0.5 * (bi + ai);
    oi = -0.5 * (br - ar);
    c = w.cos[j]!;
    s = w.sin[j]!;
    re[j] = er + (or * c - oi * s);
    im[j] = ei + (or * s + oi * c);
  }
}

function stockham(re: Float64Array, im: Float64Array, plan: Plan): void {
  const { n, radices, cos, sin } = plan;
  let xr: Float64Array = re;
  let xi: Float64Array = im;
  let yr: Float64Array = plan.scratchRe;
  let yi: Float64Array = plan.scratchIm;
  let len = n;
  let s = 1;
  for (const r of radices) {
    const m = len / r;
    if (r === 4) radix4(xr, xi, yr, yi, m, s, cos, sin);
    else if (r === 2) radix2(xr, xi, yr, yi, m, s, cos, sin);
    else if (r === 3) radix3(xr, xi, yr, yi, m, s, cos, sin);
    else if (r === 5) radix5(xr, xi, yr, yi, m, s, cos, sin);
    else radixGeneric(r, xr, xi, yr, yi, m, s, cos, sin, n);
    const tr = xr;
    xr = yr;
    yr = tr;
    const ti = xi;
    xi = yi;
    yi = ti;
    len = m;
    s *= r;
  }
  if (xr !== re) {
    re.set(xr);
    im.set(xi);
  }
}

type Stage = (
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  m: number,
  s: number,
  cos: Float64Array,
  sin: Float64Array,
) => void;

const radix2: Stage = (xr, xi, yr, yi, m, s, cos, sin) => {
  for (let p = 0; p < m; p++) {
    const t = p * s;
    const wr = cos[t]!;
    const wi = sin[t]!;
    const a0 = s * p;
    const a1 = s * (p + m);
    const b0 = s * 2 * p;
    const b1 = b0 + s;
    for (let q = 0; q < s; q++) {
      const ar = xr[a0 + q]!;
      const ai = xi[a0 + q]!;
      const br = xr[a1 + q]!;
      const bi = xi[a1 + q]!;
      yr[b0 + q] = ar + br;
      yi[b0 + q] = ai + bi;
      const dr = ar - br;
      const di = ai - bi;
      yr[b1 + q] = dr * wr - di * wi;
      yi[b1 + q] = dr * wi + di * wr;
    }
  }
};

const radix4: Stage = (xr, xi, yr, yi, m, s, cos, sin) => {
  for (let p = 0; p < m; p++) {
    const t = p * s;
    const w1r = cos[t]!;
    const w1i = sin[t]!;
    const w2r = cos[2 * t]!;
    const w2i = sin[2 * t]!;
    const w3r = cos[3 * t]!;
    const w3i = sin[3 * t]!;
    const a0 = s * p;
    const a1 = s * (p + m);
    const a2 = s * (p + 2 * m);
    const a3 = s * (p + 3 * m);
    const b0 = s * 4 * p;
    for (let q = 0; q < s; q++) {
      const x0r = xr[a0 + q]!;
      const x0i = xi[a0 + q]!;
      const x1r = xr[a1 + q]!;
      const x1i = xi[a1 + q]!;
      const x2r = xr[a2 + q]!;
      const x2i = xi[a2 + q]!;
      const x3r = xr[a3 + q]!;
      const x3i = xi[a3 + q]!;
      const s02r = x0r + x2r;
      const s02i = x0i + x2i;
      const d02r = x0r - x2r;
      const d02i = x0i - x2i;
      const s13r = x1r + x3r;
      const s13i = x1i + x3i;
      // -i * (x1 - x3)
      const d13r = x1i - x3i;
      const d13i = x3r - x1r;
      yr[b0 + q] = s02r + s13r;
      yi[b0 + q] = s02i + s13i;
      const c1r = d02r + d13r;
      const c1i = d02i + d13i;
      yr[b0 + s + q] = c1r * w1r - c1i * w1i;
      yi[b0 + s + q] = c1r * w1i + c1i * w1r;
      const c2r = s02r - s13r;
      const c2i = s02i - s13i;
      yr[b0 + 2 * s + q] = c2r * w2r - c2i * w2i;
      yi[b0 + 2 * s + q] = c2r * w2i + c2i * w2r;
      const c3r = d02r - d13r;
      const c3i = d02i - d13i;
      yr[b0 + 3 * s + q] = c3r * w3r - c3i * w3i;
      yi[b0 + 3 * s + q] = c3r * w3i + c3i * w3r;
    }
  }
};

const C3 = -0.5;
const S3 = -Math.sqrt(3) / 2;

const radix3: Stage = (xr, xi, yr, yi, m, s, cos, sin) => {
  for (let p = 0; p < m; p++) {
    const t = p * s;
    const w1r = cos[t]!;
    const w1i = sin[t]!;
    const w2r = cos[2 * t]!;
    const w2i = sin[2 * t]!;
    const a0 = s * p;
    const a1 = s * (p + m);
    const a2 = s * (p + 2 * m);
    const b0 = s * 3 * p;
    for (let q = 0; q < s; q++) {
      const x0r = xr[a0 + q]!;
      const x0i = xi[a0 + q]!;
      const x1r = xr[a1 + q]!;
      const x1i = xi[a1 + q]!;
      const x2r = xr[a2 + q]!;
      const x2i = xi[a2 + q]!;
      const sr = x1r + x2r;
      const si = x1i + x2i;
      const mr = x0r + C3 * sr;
      const mi = x0i + C3 * si;
      // S3 * i * (x1 - x2)
      const nr = -S3 * (x1i - x2i);
      const ni = S3 * (x1r - x2r);
      yr[b0 + q] = x0r + sr;
      yi[b0 + q] = x0i + si;
      const c1r = mr + nr;
      const c1i = mi + ni;
      yr[b0 + s + q] = c1r * w1r - c1i * w1i;
      yi[b0 + s + q] = c1r * w1i + c1i * w1r;
      const c2r = mr - nr;
      const c2i = mi - ni;
      yr[b0 + 2 * s + q] = c2r * w2r - c2i * w2i;
      yi[b0 + 2 * s + q] = c2r * w2i + c2i * w2r;
    }
  }
};

const C51 = Math.cos((2 * Math.PI) / 5);
const C52 = Math.cos((4 * Math.PI) / 5);
const S51 = -Math.sin((2 * Math.PI) / 5);
const S52 = -Math.sin((4 * Math.PI) / 5);

const radix5: Stage = (xr, xi, yr, yi, m, s, cos, sin) => {
  for (let p = 0; p < m; p++) {
    const t = p * s;
    const w1r = cos[t]!;
    const w1i = sin[t]!;
    const w2r = cos[2 * t]!;
    const w2i = sin[2 * t]!;
    const w3r = cos[3 * t]!;
    const w3i = sin[3 * t]!;
    const w4r = cos[4 * t]!;
    const w4i = sin[4 * t]!;
    const a0 = s * p;
    const a1 = s * (p + m);
    const a2 = s * (p + 2 * m);
    const a3 = s * (p + 3 * m);
    const a4 = s * (p + 4 * m);
    const b0 = s * 5 * p;
    for (let q = 0; q < s; q++) {
      const x0r = xr[a0 + q]!;
      const x0i = xi[a0 + q]!;
      const x1r = xr[a1 + q]!;
      const x1i = xi[a1 + q]!;
      const x2r = xr[a2 + q]!;
      const x2i = xi[a2 + q]!;
      const x3r = xr[a3 + q]!;
      const x3i = xi[a3 + q]!;
      const x4r = xr[a4 + q]!;
      const x4i = xi[a4 + q]!;
      const s14r = x1r + x4r;
      const s14i = x1i + x4i;
      const d14r = x1r - x4r;
      const d14i = x1i - x4i;
      const s23r = x2r + x3r;
      const s23i = x2i + x3i;
      const d23r = x2r - x3r;
      const d23i = x2i - x3i;
      const m1r = x0r + C51 * s14r + C52 * s23r;
      const m1i = x0i + C51 * s14i + C52 * s23i;
      const m2r = x0r + C52 * s14r + C51 * s23r;
      const m2i = x0i + C52 * s14i + C51 * s23i;
      // i * (S51 * d14 + S52 * d23) and i * (S52 * d14 - S51 * d23)
      const n1r = -(S51 * d14i + S52 * d23i);
      const n1i = S51 * d14r + S52 * d23r;
      const n2r = -(S52 * d14i - S51 * d23i);
      const n2i = S52 * d14r - S51 * d23r;
      yr[b0 + q] = x0r + s14r + s23r;
      yi[b0 + q] = x0i + s14i + s23i;
      let cr = m1r + n1r;
      let ci = m1i + n1i;
      yr[b0 + s + q] = cr * w1r - ci * w1i;
      yi[b0 + s + q] = cr * w1i + ci * w1r;
      cr = m2r + n2r;
      ci = m2i + n2i;
      yr[b0 + 2 * s + q] = cr * w2r - ci * w2i;
      yi[b0 + 2 * s + q] = cr * w2i + ci * w2r;
      cr = m2r - n2r;
      ci = m2i - n2i;
      yr[b0 + 3 * s + q] = cr * w3r - ci * w3i;
      yi[b0 + 3 * s + q] = cr * w3i + ci * w3r;
      cr = m1r - n1r;
      ci = m1i - n1i;
      yr[b0 + 4 * s + q] = cr * w4r - ci * w4i;
      yi[b0 + 4 * s + q] = cr * w4i + ci * w4r;
    }
  }
};

function radixGeneric(
  r: number,
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  m: number,
  s: number,
  cos: Float64Array,
  sin: Float64Array,
  n: number,
): void {
  // r-th roots of unity are the n/r-strided entries of the n-point table.
  const rootStep = n / r;
  const ar = new Float64Array(r);
  const ai = new Float64Array(r);
  for (let p = 0; p < m; p++) {
    for (let q = 0; q < s; q++) {
      for (let k = 0; k < r; k++) {
        ar[k] = xr[s * (p + k * m) + q]!;
        ai[k] = xi[s * (p + k * m) + q]!;
      }
      for (let j = 0; j < r; j++) {
        let sr = 0;
        let si = 0;
        for (let k = 0; k < r; k++) {
          const t = ((j * k) % r) * rootStep;
          const c = cos[t]!;
          const d = sin[t]!;
          sr += ar[k]! * c - ai[k]! * d;
          si += ar[k]! * d + ai[k]! * c;
        }
        const t = p * j * s;
        const wr = cos[t]!;
        const wi = sin[t]!;
        yr[s * (r * p + j) + q] = sr * wr - si * wi;
        yi[s * (r * p + j) + q] = sr * wi + si * wr;
      }
    }
  }
}

/** Bluestein: the n-point DFT as a convolution with a chirp, done by power-of-two FFTs. */
function bluestein(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  let size = 1;
  while (size < 2 * n - 1) size *= 2;
  const chirpCos = new Float64Array(n);
  const chirpSin = new Float64Array(n);
  const twoN = 2 * n;
  for (let k = 0; k < n; k++) {
    // k^2 mod 2n exactly (k^2 < 2^53 for any n we accept), so the angle stays accurate.
    const e = (k * k) % twoN;
    const angle = (Math.PI * e) / n;
    chirpCos[k] = Math.cos(angle);
    chirpSin[k] = -Math.sin(angle);
  }
  const ar = new Float64Array(size);
  const ai = new Float64Array(size);
  for (let k = 0; k < n; k++) {
    const c = chirpCos[k]!;
    const d = chirpSin[k]!;
    ar[k] = re[k]! * c - im[k]! * d;
    ai[k] = re[k]! * d + im[k]! * c;
  }
  const br = new Float64Array(size);
  const bi = new Float64Array(size);
  br[0] = chirpCos[0]!;
  bi[0] = -chirpSin[0]!;
  for (let k = 1; k < n; k++) {
    br[k] = br[size - k] = chirpCos[k]!;
    bi[k] = bi[size - k] = -chirpSin[k]!;
  }
  fft(ar, ai);
  fft(br, bi);
  for (let k = 0; k < size; k++) {
    const xr = ar[k]! * br[k]! - ai[k]! * bi[k]!;
    const xi = ar[k]! * bi[k]! + ai[k]! * br[k]!;
    // conjugate, so that a forward FFT below computes the inverse
    ar[k] = xr;
    ai[k] = -xi;
  }
  fft(ar, ai);
  for (let k = 0; k < n; k++) {
    const cr = ar[k]! / size;
    const ci = -ai[k]! / size;
    const c = chirpCos[k]!;
    const d = chirpSin[k]!;
    re[k] = cr * c - ci * d;
    im[k] = cr * d + ci * c;
  }
}
