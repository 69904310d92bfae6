import type { RandomSource } from '../../format/genome.js';

/** One expected draw: a u16 in [lo, hi] answered with `value`, or a float01 answered with `value`. */
export type ScriptedDraw =
  | { u16: [number, number]; value: number }
  | { float01: number }
  | { float: [number, number]; value: number };

/**
 * A RandomSource that replays a script and checks every call's kind and range against it, so a
 * test pins down the exact order in which an operator consumes randomness.
 */
export class ScriptedRandom implements RandomSource {
  private i = 0;
  constructor(private readonly script: ScriptedDraw[]) {}

  get remaining(): number {
    return this.script.length - this.i;
  }

  private next(what: string): ScriptedDraw {
    const d = this.script[this.i++];
    if (!d) throw new Error(`unexpected draw #${this.i - 1}: ${what} (script exhausted)`);
    return d;
  }

  randU16(lo: number, hi: number): number {
    const d = this.next(`randU16(${lo}, ${hi})`);
    if (!('u16' in d) || d.u16[0] !== lo || d.u16[1] !== hi) {
      throw new Error(
        `draw #${this.i - 1}: got randU16(${lo}, ${hi}), script says ${JSON.stringify(d)}`,
      );
    }
    return d.value;
  }

  randFloat01(): number {
    const d = this.next('randFloat01()');
    if (!('float01' in d))
      throw new Error(`draw #${this.i - 1}: got randFloat01(), script says ${JSON.stringify(d)}`);
    return d.float01;
  }

  randFloat(a: number, b: number): number {
    const d = this.next(`randFloat(${a}, ${b})`);
    if (!('float' in d))
      throw new Error(
        `draw #${this.i - 1}: got randFloat(${a}, ${b}), script says ${JSON.stringify(d)}`,
      );
    return d.value;
  }

  randUInt(max: number): number {
    throw new Error(`unexpected randUInt(${max})`);
  }
}
