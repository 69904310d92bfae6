/**
 * sin and cos computed with IEEE 754 double additions, subtractions, multiplications and
 * divisions only, so every JavaScript engine returns the same bits for the same argument
 * (`Math.sin` and `Math.cos` are only approximately specified, and engines differ in the last
 * bit). Accurate to within 1 ulp for |x| <= 2^20 (tested against a 300-bit reference); for larger
 * arguments the reduction loses accuracy, but the result is still the same everywhere.
 *
 * Method: x = k·π/2 + r with k the nearest integer to x·2/π and |r| <= π/4, reduced with π/2 in
 * three pieces (Cody and Waite: the first two have 33 significant bits, so k times them is exact
 * for |k| < 2^20); then the Taylor series of sin or cos at r, to r^17 and r^18, whose truncation
 * error is below 2^-60 on |r| <= π/4, evaluated by Horner's rule; the quadrant k mod 4 picks
 * ±sin(r) or ±cos(r).
 */

/** π/2 = PIO2_1 + PIO2_2 + PIO2_3 (to 2^-120): 0x3ff921fb54400000, 0x3dd0b4611a600000, … */
const PIO2_1 = 1.5707963267341256;
const PIO2_2 = 6.077100506303966e-11;
const PIO2_3 = 2.0222662487959506e-21;
/** 2/π rounded to double (0x3fe45f306dc9c883). */
const TWO_OVER_PI = 0.6366197723675814;
/** π/4 rounded down: arguments up to it need no reduction. */
const PIO4 = 0.7853981633974483;
/** 1.5·2^52: adding and subtracting it rounds a double of magnitude below 2^51 to an integer. */
const ROUNDER = 6755399441055744;

/**
 * The Taylor coefficients (−1)^(p/2)/p! of the powers `first`, `first` + 2, … (`count` of them),
 * each one division rounded once: every factorial up to 20! is an exact double.
 */
function taylorCoefficients(first: number, count: number): number[] {
  const out: number[] = [];
  for (let p = first; out.length < count; p += 2) {
    let factorial = 1;
    for (let i = 2; i <= p; i++) factorial *= i;
    out.push((Math.floor(p / 2) % 2 === 0 ? 1 : -1) / factorial);
  }
  return out;
}

type Eight = [number, number, number, number, number, number, number, number];
const [S3, S5, S7, S9, S11, S13, S15, S17] = taylorCoefficients(3, 8) as Eight;
const [C4, C6, C8, C10, C12, C14, C16, C18] = taylorCoefficients(4, 8) as Eight;

/**
 * sin(r + y) for |r| <= π/4 and |y| <= ulp(r) (y: the tail of a reduced argument, else 0):
 * r + (r³·P(r²) + y·(1 − r²/2)), the small terms summed first.
 */
function sinKernel(r: number, y: number): number {
  const z = r * r;
  const p = S3 + z * (S5 + z * (S7 + z * (S9 + z * (S11 + z * (S13 + z * (S15 + z * S17))))));
  return r + (r * z * p + (y - 0.5 * z * y));
}

/**
 * cos(r + y) for |r| <= π/4 and |y| <= ulp(r): w = 1 − r²/2 rounded, plus that rounding's error
 * ((1 − w) − r²/2, exact), plus r⁴·Q(r²) − r·y, so the result is within 1 ulp.
 */
function cosKernel(r: number, y: number): number {
  const z = r * r;
  const q = C4 + z * (C6 + z * (C8 + z * (C10 + z * (C12 + z * (C14 + z * (C16 + z * C18))))));
  const hz = 0.5 * z;
  const w = 1 - hz;
  return w + (1 - w - hz + (z * z * q - r * y));
}

/** x − k·π/2 as a head and a tail (head + tail, |tail| <= ulp(head)) and k mod 4. */
const reduced = { r: 0, y: 0, quadrant: 0 };

/**
 * Reduces x: k = the integer nearest x·2/π; t = x − k·PIO2_1 is exact (both have their last bit
 * at or above 2^-33 and |t| < 1), as is k·PIO2_2; r = t − k·PIO2_2 loses its rounding error e,
 * which is recovered exactly (Fast2Sum) and carried with −k·PIO2_3 in the tail.
 */
function reduce(x: number): void {
  const k = x * TWO_OVER_PI + ROUNDER - ROUNDER;
  const t = x - k * PIO2_1;
  const w = k * PIO2_2;
  const r = t - w;
  const tail = t - r - w - k * PIO2_3;
  const head = r + tail;
  reduced.r = head;
  reduced.y = r - head + tail;
  reduced.quadrant = ((k % 4) + 4) % 4;
}

/**
 * sin(x), the same bits on every platform; within 1 ulp of the true value for |x| <= 2^20. NaN
 * for NaN and ±Infinity.
 *
 * @example
 * sin(0.07); // 0.06994284733753277, as a correctly rounded sin gives
 */
export function sin(x: number): number {
  if (x !== x || x === Infinity || x === -Infinity) return NaN;
  if (x === 0) return x;
  if (Math.abs(x) <= PIO4) return sinKernel(x, 0);
  reduce(x);
  const { r, y, quadrant } = reduced;
  switch (quadrant) {
    case 0:
      return sinKernel(r, y);
    case 1:
      return cosKernel(r, y);
    case 2:
      return -sinKernel(r, y);
    default:
      return -cosKernel(r, y);
  }
}

/**
 * cos(x), the same bits on every platform; within 1 ulp of the true value for |x| <= 2^20. NaN
 * for NaN and ±Infinity.
 *
 * @example
 * cos(0.07); // 0.9975510002532796
 */
export function cos(x: number): number {
  if (x !== x || x === Infinity || x === -Infinity) return NaN;
  if (Math.abs(x) <= PIO4) return cosKernel(x, 0);
  reduce(x);
  const { r, y, quadrant } = reduced;
  switch (quadrant) {
    case 0:
      return cosKernel(r, y);
    case 1:
      return -sinKernel(r, y);
    case 2:
      return -cosKernel(r, y);
    default:
      return sinKernel(r, y);
  }
}
