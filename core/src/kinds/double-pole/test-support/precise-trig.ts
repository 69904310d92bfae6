/**
 * sin and cos of a double to 300 bits, in BigInt fixed point: the reference the fast functions
 * are tested against. Slow and exact enough: π from Machin's formula, the argument reduced with
 * it, the Taylor series summed until its terms vanish.
 */

const BITS = 300n;
const ONE = 1n << BITS;

/** atan(1/n) in fixed point: Σ (-1)^k / ((2k+1)·n^(2k+1)). */
function atanInverse(n: bigint): bigint {
  const n2 = n * n;
  let power = ONE / n;
  let sum = 0n;
  for (let k = 0n; power !== 0n; k++) {
    const term = power / (2n * k + 1n);
    sum += k % 2n === 0n ? term : -term;
    power /= n2;
  }
  return sum;
}

/** π in fixed point (Machin: 16·atan(1/5) − 4·atan(1/239)). */
const PI = 16n * atanInverse(5n) - 4n * atanInverse(239n);
const HALF_PI = PI / 2n;

/** The exact value of a finite double, as numerator·2^exponent. */
function exactDouble(x: number): { mantissa: bigint; exponent: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const biased = (bits >> 52n) & 0x7ffn;
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0n ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0n ? 1n : biased) - 1075n;
  return { mantissa: sign * mantissa, exponent };
}

/** x in fixed point, rounded toward zero (exact for |x| >= 2^-248). */
export function toFixed(x: number): bigint {
  const { mantissa, exponent } = exactDouble(x);
  const shift = exponent + BITS;
  return shift >= 0n ? mantissa << shift : mantissa / (1n << -shift);
}

function taylor(r: bigint, cosine: boolean): bigint {
  const r2 = (r * r) >> BITS;
  let term = cosine ? ONE : r;
  let sum = term;
  for (let i = cosine ? 1n : 2n; term !== 0n; i += 2n) {
    term = -((term * r2) >> BITS) / (i * (i + 1n));
    sum += term;
  }
  return sum;
}

/** sin(x) (or cos(x)) in fixed point with 2^-300 resolution. */
export function preciseTrig(x: number, which: 'sin' | 'cos'): bigint {
  const X = toFixed(x);
  let k = X / HALF_PI;
  let r = X - k * HALF_PI;
  if (2n * r > HALF_PI) {
    k += 1n;
    r -= HALF_PI;
  } else if (2n * r < -HALF_PI) {
    k -= 1n;
    r += HALF_PI;
  }
  const q = Number(((k % 4n) + 4n) % 4n) + (which === 'cos' ? 1 : 0);
  switch (q % 4) {
    case 0:
      return taylor(r, false);
    case 1:
      return taylor(r, true);
    case 2:
      return -taylor(r, false);
    default:
      return -taylor(r, true);
  }
}

/** |got − exact| in units in the last place of the exact value (as a double). */
export function ulpError(got: number, exact: bigint): number {
  const diff = toFixed(got) - exact;
  const magnitude = exact < 0n ? -exact : exact;
  // ulp of the exact value: 2^(floor(log2 |exact|) - 52), in fixed point.
  const log2 = BigInt(magnitude.toString(2).length - 1);
  const ulp = log2 >= 52n ? 1n << (log2 - 52n) : 1n;
  const absDiff = diff < 0n ? -diff : diff;
  return Number((absDiff * 1_000_000n) / ulp) / 1_000_000;
}
