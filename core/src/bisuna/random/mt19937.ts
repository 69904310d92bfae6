import type { RandomSource } from '../format/genome.js';

const N = 624;
const M = 397;
const TWO_POW_32 = 4294967296;
// The constants above 2^31 as int32 bit patterns, so no operation leaves int32 arithmetic.
const MATRIX_A = 0x9908b0df | 0;
const UPPER_BIT = 0x80000000 | 0;
const TEMPER_B = 0x9d2c5680 | 0;
const TEMPER_C = 0xefc60000 | 0;

/**
 * The standard 32-bit Mersenne Twister (`std::mt19937`) with standard seeding.
 *
 * @example
 * const mt = new Mt19937(5489);
 * mt.discard(9999);
 * mt.next(); // 4123659995, the 10000th output (C++ [rand.predef])
 */
export class Mt19937 {
  /** The state words, as int32 bit patterns (keeps every operation in 32-bit integer arithmetic). */
  private readonly mt = new Int32Array(N);
  private index = N;
  /** Twists since seeding, to know the stream position. */
  private twists = 0;

  constructor(seed = 5489) {
    this.seed(seed);
  }

  /** Re-seeds as `engine.seed(value)` does (value taken modulo 2^32). */
  seed(value: number): void {
    const mt = this.mt;
    mt[0] = value;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      // 1812433253 * prev + i, modulo 2^32, without losing bits to float rounding
      mt[i] = Math.imul(1812433253, prev) + i;
    }
    this.index = N;
    this.twists = 0;
  }

  /** Outputs drawn since seeding (what `discard` would skip to reach this state from the seed). */
  get position(): number {
    return this.twists === 0 ? 0 : (this.twists - 1) * N + this.index;
  }

  /** The next output, an unsigned 32-bit integer. */
  next(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & TEMPER_B;
    y ^= (y << 15) & TEMPER_C;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Skips `count` outputs, like `engine.discard(count)`. */
  discard(count: number): void {
    while (count > 0) {
      if (this.index >= N) this.twist();
      const k = Math.min(count, N - this.index);
      this.index += k;
      count -= k;
    }
  }

  /** An independent copy in the same position of the stream. */
  clone(): Mt19937 {
    const copy = new Mt19937(0);
    copy.mt.set(this.mt);
    copy.index = this.index;
    copy.twists = this.twists;
    return copy;
  }

  private twist(): void {
    const mt = this.mt;
    // Three ranges instead of `% N` per word: i + M wraps at N - M, i + 1 only at the last word.
    let i = 0;
    for (; i < N - M; i++) mt[i] = twisted(mt[i]!, mt[i + 1]!, mt[i + M]!);
    for (; i < N - 1; i++) mt[i] = twisted(mt[i]!, mt[i + 1]!, mt[i + M - N]!);
    mt[N - 1] = twisted(mt[N - 1]!, mt[0]!, mt[M - 1]!);
    this.index = 0;
    this.twists++;
  }
}

/**
 * One word of the twist: the top bit of `cur`, the low 31 of `next`, mixed into `far`. The matrix
 * is applied with a mask, not a branch: the low bit is a coin flip, so a branch mispredicts half
 * the time (measured 3x slower).
 */
function twisted(cur: number, next: number, far: number): number {
  const y = (cur & UPPER_BIT) | (next & 0x7fffffff);
  return far ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
}

/**
 * Which C++ standard library's distributions to emulate (spec §3).
 * - `libc++` (macOS, the author's binaries): independent-bits extraction, so a u16 draw over the
 *   full range is the LOW 16 bits of one engine output. This reproduces the stored U1 runs.
 * - `libstdc++` (g++ ≥ 11): Lemire multiply-shift, so a full-range u16 draw is the HIGH 16 bits.
 */
export type StdLibFlavor = 'libc++' | 'libstdc++';

/**
 * A {@link RandomSource} over one `std::mt19937`, mapping engine outputs to distributions exactly
 * as the chosen C++ standard library does.
 *
 * To replay the reference's U1 `e.bin` run: `new Mt19937Random(1605172632, 'libc++')`, then
 * `discard(719)`; the next 62,500 `randU16(0, 65535)` draws are the stored password, and the
 * Random-neuron draws follow.
 *
 * @example
 * const rng = new Mt19937Random(1605172632, 'libc++');
 * rng.discard(719);
 * const firstPasswordWord = rng.randU16(0, 65535);
 */
export class Mt19937Random implements RandomSource {
  readonly engine: Mt19937;

  constructor(
    seed = 5489,
    readonly flavor: StdLibFlavor = 'libc++',
    engine?: Mt19937,
  ) {
    this.engine = engine ?? new Mt19937(seed);
  }

  /** An independent copy at the same stream position (e.g. to replay one agent of a run). */
  clone(): Mt19937Random {
    return new Mt19937Random(0, this.flavor, this.engine.clone());
  }

  /** Skips `count` raw engine outputs. */
  discard(count: number): void {
    this.engine.discard(count);
  }

  randU16(lo: number, hi: number): number {
    // The full u16 range (every Random-neuron draw): one engine output, no rejection.
    if (lo === 0 && hi === 65535) {
      const u = this.engine.next();
      return this.flavor === 'libc++' ? u & 0xffff : u >>> 16;
    }
    return lo + this.uniformBelow(hi - lo + 1);
  }

  randUInt(max: number): number {
    if (max >= TWO_POW_32 - 1) return this.engine.next();
    return this.uniformBelow(max + 1);
  }

  randFloat01(): number {
    // One draw, converted to float (rounds to nearest), divided by 2^32 (exact).
    const f = Math.fround(this.engine.next()) / TWO_POW_32;
    if (f >= 1 && this.flavor === 'libstdc++') return 1 - 2 ** -24;
    return f;
  }

  randFloat(a: number, b: number): number {
    const u = this.randFloat01();
    const width = Math.fround(Math.fround(b) - Math.fround(a));
    return Math.fround(Math.fround(u * width) + Math.fround(a));
  }

  /**
   * Uniform integer in [0, range), 1 <= range <= 2^32 - 1. A one-value range consumes no draw
   * under libc++ but one draw under libstdc++, as the libraries do.
   */
  private uniformBelow(range: number): number {
    if (this.flavor === 'libstdc++') return this.lemire(range);
    return range <= 1 ? 0 : this.independentBits(range);
  }

  /** libc++ `uniform_int_distribution` over a 32-bit engine: low w bits, reject >= range. */
  private independentBits(range: number): number {
    let w = 32 - Math.clz32(range) - 1;
    if ((range & (0xffffffff >>> (32 - w))) !== 0) w++;
    const mask = w >= 32 ? 0xffffffff : 2 ** w - 1;
    let u: number;
    do {
      u = (this.engine.next() & mask) >>> 0;
    } while (u >= range);
    return u;
  }

  /** libstdc++ ≥ 11 `_S_nd`: 32x32→64 multiply, keep the high word, reject on a small low word. */
  private lemire(range: number): number {
    let [high, low] = mul32(this.engine.next(), range);
    if (low < range) {
      const threshold = (TWO_POW_32 - range) % range;
      while (low < threshold) [high, low] = mul32(this.engine.next(), range);
    }
    return high;
  }
}

/** The 64-bit product of two u32 values as [high u32, low u32]. */
function mul32(a: number, b: number): [number, number] {
  const product = a * b;
  if (product <= Number.MAX_SAFE_INTEGER) {
    return [Math.floor(product / TWO_POW_32), product % TWO_POW_32];
  }
  const big = BigInt(a) * BigInt(b);
  return [Number(big >> 32n), Number(big & 0xffffffffn)];
}
