import { cos, sin } from './trig.js';

/**
 * Double pole balancing (Wieland 1991), with the constants of Gruau, Whitley and Pyeatt (1996)
 * that the literature (ESP, NEAT, CoSyNE) uses: a 1 kg cart on a 4.8 m track, poles of half
 * lengths 0.5 m and 0.05 m (masses 0.1 kg and 0.01 kg) hinged on it with friction 0.000002, a
 * force of at most 10 N, gravity 9.8 m/s² (negative: the equations' sign convention). A control
 * step lasts 0.02 s: two fourth-order Runge-Kutta steps of 0.01 s with the force held. The run
 * fails when the cart leaves the track or a pole leans more than 36°.
 */
export const DOUBLE_POLE = Object.freeze({
  gravity: -9.8,
  cartMass: 1,
  poleHalfLengths: [0.5, 0.05] as const,
  poleMasses: [0.1, 0.01] as const,
  hingeFriction: 0.000002,
  maxForce: 10,
  /** Runge-Kutta steps per control step, and their length (s). */
  substeps: 2,
  tau: 0.01,
  trackLimit: 2.4,
  /** 36°, as the literature's code writes it. */
  failureAngle: 0.628329,
});

/**
 * The state: [x, ẋ, θ1, θ̇1, θ2, θ̇2] (m, m/s, rad, rad/s), θ from the vertical, positive in the
 * direction of positive x.
 */
export type PoleState = Float64Array;

const { gravity: G, cartMass: MC, hingeFriction: MUP, tau: TAU } = DOUBLE_POLE;
const [L1, L2] = DOUBLE_POLE.poleHalfLengths;
const [M1, M2] = DOUBLE_POLE.poleMasses;
const ML1 = L1 * M1;
const ML2 = L2 * M2;

/**
 * The derivatives of state `s` under `force` (Wieland's equations; each pole's effective force
 * and mass, then the cart's acceleration, then each pole's angular acceleration), into `d`.
 */
export function derivatives(force: number, s: PoleState, d: Float64Array): void {
  const cos1 = cos(s[2]!);
  const sin1 = sin(s[2]!);
  const cos2 = cos(s[4]!);
  const sin2 = sin(s[4]!);
  const gsin1 = G * sin1;
  const gsin2 = G * sin2;
  const fric1 = (MUP * s[3]!) / ML1;
  const fric2 = (MUP * s[5]!) / ML2;
  const force1 = ML1 * s[3]! * s[3]! * sin1 + 0.75 * M1 * cos1 * (fric1 + gsin1);
  const force2 = ML2 * s[5]! * s[5]! * sin2 + 0.75 * M2 * cos2 * (fric2 + gsin2);
  const mass1 = M1 * (1 - 0.75 * cos1 * cos1);
  const mass2 = M2 * (1 - 0.75 * cos2 * cos2);
  const xAcc = (force + force1 + force2) / (mass1 + mass2 + MC);
  d[0] = s[1]!;
  d[1] = xAcc;
  d[2] = s[3]!;
  d[3] = (-0.75 * (xAcc * cos1 + gsin1 + fric1)) / L1;
  d[4] = s[5]!;
  d[5] = (-0.75 * (xAcc * cos2 + gsin2 + fric2)) / L2;
}

const k1 = new Float64Array(6);
const k2 = new Float64Array(6);
const k3 = new Float64Array(6);
const k4 = new Float64Array(6);
const mid = new Float64Array(6);

/**
 * One classical Runge-Kutta step of `TAU` seconds, in place:
 * s += τ/6·(k1 + 2·k2 + 2·k3 + k4), each k_i as the textbook forms it.
 */
export function rungeKuttaStep(force: number, s: PoleState): void {
  const h = TAU / 2;
  derivatives(force, s, k1);
  for (let i = 0; i < 6; i++) mid[i] = s[i]! + h * k1[i]!;
  derivatives(force, mid, k2);
  for (let i = 0; i < 6; i++) mid[i] = s[i]! + h * k2[i]!;
  derivatives(force, mid, k3);
  for (let i = 0; i < 6; i++) mid[i] = s[i]! + TAU * k3[i]!;
  derivatives(force, mid, k4);
  for (let i = 0; i < 6; i++) {
    s[i] = s[i]! + (TAU / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
  }
}

/** One control step (0.02 s) under `force` (within ±10 N), in place. */
export function controlStep(force: number, s: PoleState): void {
  for (let i = 0; i < DOUBLE_POLE.substeps; i++) rungeKuttaStep(force, s);
}

/** Whether the cart left the track or a pole fell past 36°. */
export function hasFailed(s: PoleState): boolean {
  const x = s[0]!;
  const a = s[2]!;
  const b = s[4]!;
  const lim = DOUBLE_POLE.failureAngle;
  return (
    x < -DOUBLE_POLE.trackLimit ||
    x > DOUBLE_POLE.trackLimit ||
    a < -lim ||
    a > lim ||
    b < -lim ||
    b > lim ||
    x !== x ||
    a !== a ||
    b !== b
  );
}

/** The standard start: the long pole at 0.07 rad (about 4°), everything else at rest. */
export function standardStart(): PoleState {
  return Float64Array.of(0, 0, 0.07, 0, 0, 0);
}

/** The five levels of each varied variable of the generalisation test. */
export const GENERALISATION_LEVELS = Object.freeze([0.05, 0.25, 0.5, 0.75, 0.95]);

/**
 * Start `i` (0 … 624) of the generalisation test (Gruau et al. 1996, as ESP and NEAT run it):
 * x, ẋ, θ1 and θ̇1 each at one of five levels v of their ranges, x = 4.32·v − 2.16 (±2.16 m),
 * ẋ = 2.70·v − 1.35 (±1.35 m/s), θ1 = 0.12566304·v − 0.06283152 (±3.6°), θ̇1 = 0.30019504·v −
 * 0.15009752 (±8.6°/s), the short pole upright and at rest; i = 125·a + 25·b + 5·c + d for the
 * levels a of x, b of ẋ, c of θ1, d of θ̇1.
 */
export function generalisationStart(i: number): PoleState {
  const v = GENERALISATION_LEVELS;
  const a = v[Math.floor(i / 125) % 5]!;
  const b = v[Math.floor(i / 25) % 5]!;
  const c = v[Math.floor(i / 5) % 5]!;
  const d = v[i % 5]!;
  return Float64Array.of(
    a * 4.32 - 2.16,
    b * 2.7 - 1.35,
    c * 0.12566304 - 0.06283152,
    d * 0.30019504 - 0.15009752,
    0,
    0,
  );
}

/** Starts of the generalisation test. */
export const GENERALISATION_STARTS = 625;
