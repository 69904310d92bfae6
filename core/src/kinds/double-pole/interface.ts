import type { PoleState } from './physics.js';

/**
 * How the network sees the cart and drives it, through the reference's discretisation into
 * 16-bit words (rhvall/BiSUNA `Discretizer.h`, `DoubleCartPole.cpp`): an observation v becomes
 * round(32767 + 32767·v/10), saturating at 0 and 65535 (bounds ±10); the output word w becomes
 * the force (w − 32767)·100/32767, 100 N at 65535 and −100 N at 0, then clipped to ±10 N.
 */
export const POLE_WORDS = Object.freeze({
  mid: 32767,
  observationBound: 10,
  actionBound: 100,
});

/** What the network observes: with or without the velocities, raw or scaled. */
export interface PoleObservation {
  /** With: x, ẋ, θ1, θ̇1, θ2, θ̇2 (6 inputs); without: x, θ1, θ2 (3 inputs, the non-Markov task). */
  velocities: boolean;
  /**
   * `raw`: the state's values as they are (the reference's default); `normalized`: x/4.8,
   * angles/0.52 and velocities/2, as the literature's networks see them (the reference's
   * NormalizedObservation).
   */
  scale: 'raw' | 'normalized';
}

/** Inputs of the network for an observation. */
export function observationInputs(o: PoleObservation): number {
  return o.velocities ? 6 : 3;
}

/** A value as the network's input word (`transformToPT(v, -10, 10)`). */
export function observationWord(v: number): number {
  const { mid, observationBound: b } = POLE_WORDS;
  if (v >= b) return 65535;
  if (v <= -b) return 0;
  // Positive, so rounding half up is C's round (half away from zero).
  return Math.round(mid + (mid * v) / b);
}

/** The force of the network's output word, before the ±10 N clip (`transformFromPT(w, -100, 100)`). */
export function wordForce(w: number): number {
  const { mid, actionBound: b } = POLE_WORDS;
  if (w >= 65535) return b;
  if (w === 0) return -b;
  return ((w - mid) * b) / mid;
}

const NORMALIZED = [4.8, 2, 0.52, 2, 0.52, 2] as const;
const WITHOUT_VELOCITIES = [0, 2, 4] as const;

/** Writes the observation of state `s` as input words into `out`. */
export function writeObservation(s: PoleState, o: PoleObservation, out: Uint16Array): void {
  if (o.velocities) {
    for (let i = 0; i < 6; i++) {
      out[i] = observationWord(o.scale === 'raw' ? s[i]! : s[i]! / NORMALIZED[i]!);
    }
    return;
  }
  for (let j = 0; j < 3; j++) {
    const i = WITHOUT_VELOCITIES[j]!;
    out[j] = observationWord(o.scale === 'raw' ? s[i]! : s[i]! / NORMALIZED[i]!);
  }
}
