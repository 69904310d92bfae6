/**
 * A set of u16 words with O(1) insert and lookup and O(1) clear (epoch stamps), for the per-episode
 * sets of the CPA reward without allocating.
 */
export class WordSet {
  private readonly stamp = new Uint32Array(65536);
  private epoch = 1;
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  add(word: number): void {
    if (this.stamp[word] !== this.epoch) {
      this.stamp[word] = this.epoch;
      this.items.push(word);
    }
  }

  has(word: number): boolean {
    return this.stamp[word] === this.epoch;
  }

  values(): readonly number[] {
    return this.items;
  }

  clear(): void {
    this.items.length = 0;
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
  }
}
