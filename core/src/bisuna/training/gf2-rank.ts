/** Consecutive keystream steps a linear-relation test reads together (training and scoring). */
export const RELATION_WINDOW_STEPS = 3;

/**
 * A matrix over GF(2) built row by row (bit sets of `cols` columns, 32 per word, in one flat
 * array), for counting linear relations: `cols - rank()` is the dimension of the space of
 * column combinations that vanish on every row.
 */
export class BitRows {
  readonly words: number;
  private data: Uint32Array;
  count = 0;

  constructor(
    readonly cols: number,
    capacity = 64,
  ) {
    this.words = Math.ceil(cols / 32);
    this.data = new Uint32Array(Math.max(1, capacity) * this.words);
  }

  /** A new zero row; returns its offset into {@link row}'s array. */
  private addRow(): number {
    const need = (this.count + 1) * this.words;
    if (need > this.data.length) {
      const grown = new Uint32Array(Math.max(need, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    return this.count++ * this.words;
  }

  /**
   * Adds one row per window of `window` consecutive steps of `keystream` (`steps × payloadWords`
   * words): the window's bits (word-major, LSB first), then a 1 in column `window·P·16 +
   * indicator` (a constant per keystream, so that relations whose constant differs between
   * keystreams still count).
   */
  addWindows(keystream: Uint16Array, payloadWords: number, window: number, indicator: number) {
    const P = payloadWords;
    const steps = Math.floor(keystream.length / P);
    const width = window * P * 16;
    for (let s = 0; s + window <= steps; s++) {
      const at = this.addRow();
      const d = this.data;
      for (let w = 0; w < window * P; w++) {
        // Two words fill one u32 column word: bits 16·w .. 16·w + 15.
        const v = keystream[s * P + w]!;
        d[at + (w >>> 1)]! |= (w & 1) === 0 ? v : v << 16;
      }
      const col = width + indicator;
      d[at + (col >>> 5)]! |= 1 << (col & 31);
    }
  }

  /**
   * The rank: each row in turn is reduced by the basis of the rows before it (one basis row per
   * leading column) and joins it unless it vanishes; stops once the rank reaches `cols` (a
   * random keystream gets there after about `cols` rows). Rows are reduced in place.
   */
  rank(): number {
    const { words, count, cols } = this;
    const d = this.data;
    const basis = new Int32Array(cols).fill(-1);
    let rank = 0;
    for (let r = 0; r < count && rank < cols; r++) {
      const at = r * words;
      for (let w = 0; w < words; w++) {
        let x = d[at + w]!;
        while (x !== 0) {
          const col = w * 32 + (31 - Math.clz32(x & -x));
          const b = basis[col]!;
          if (b < 0) {
            basis[col] = at;
            rank++;
            w = words;
            break;
          }
          for (let k = w; k < words; k++) d[at + k] = d[at + k]! ^ d[b + k]!;
          x = d[at + w]!;
        }
      }
    }
    return rank;
  }
}
