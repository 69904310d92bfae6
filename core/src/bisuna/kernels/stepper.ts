import type { Cell, RandomSource } from '../format/genome.js';
import { referenceStep } from './reference-step.js';

/** Anything that advances one network by one step: {@link NetworkKernel} or {@link ReferenceStepper}. */
export interface NetworkStepper {
  readonly nInputs: number;
  readonly nOutputs: number;
  /** Reads nInputs words (missing ones read as 0), writes nOutputs words to `out`. */
  step(inputs: ArrayLike<number>, out: { [i: number]: number }, rng: RandomSource): void;
}

/** The slow literal reference step ({@link referenceStep}) behind the {@link NetworkStepper} interface. */
export class ReferenceStepper implements NetworkStepper {
  constructor(readonly cell: Cell) {}

  get nInputs(): number {
    return this.cell.module.params.nInputs;
  }

  get nOutputs(): number {
    return this.cell.module.params.nOutputs;
  }

  step(inputs: ArrayLike<number>, out: { [i: number]: number }, rng: RandomSource): void {
    const o = referenceStep(this.cell, inputs, rng);
    for (let i = 0; i < o.length; i++) out[i] = o[i]!;
  }
}
