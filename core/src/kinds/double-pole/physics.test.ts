import { describe, expect, it } from 'vitest';
import {
  DOUBLE_POLE,
  GENERALISATION_STARTS,
  controlStep,
  derivatives,
  generalisationStart,
  hasFailed,
  standardStart,
} from './physics.js';

/**
 * The same equations and Runge-Kutta steps evaluated with 60 significant digits (mpmath; 25 kept
 * here, as text), states
 * after 1, 5 and 25 control steps: (A) the standard start pushed with +10 N throughout, (B) an
 * off-centre start with varied forces.
 */
const REFERENCE = {
  A: {
    1: [
      '0.001935940476243111276874923',
      '0.1936082369617148232924908',
      '0.06730742796633687813666084',
      '-0.269418963475724219209295',
      '-0.02916909706802146669916238',
      '-2.930648326348034541044315',
    ],
    5: [
      '0.04843885259505306487777896',
      '0.968518934637546581984498',
      '0.001786859255675975787059623',
      '-1.381230716399146961690063',
      '-0.801861713201304109784746',
      '-17.24156439504402478298909',
    ],
    25: [
      '1.171735438185648775673293',
      '4.382599544490651038821791',
      '-1.929707159974938816179371',
      '-8.215055767639526021811632',
      '-2.459373204641447034114904',
      '23.09899958549012100304182',
    ],
  },
  B: {
    1: [
      '-1.065920603859033512888355',
      '0.7329481103470700808894085',
      '0.02913675561286745859890758',
      '-0.1529917810983491597887142',
      '-0.002471397526327647862004355',
      '-1.053210778966514572712671',
    ],
    5: [
      '-0.994470070810698022688692',
      '0.8145494269315755679348756',
      '-0.001345535676980675969880233',
      '-0.2576457400042609058245412',
      '-0.316165968758836325818451',
      '-3.931121809150690371668211',
    ],
    25: [
      '-0.636642792402800983318666',
      '1.001132663136207088885835',
      '-0.2059692674992108627393267',
      '-1.002282477570794897489772',
      '-6.25409291356016942288335',
      '-9.610207728558090448188782',
    ],
  },
} as const;
const FORCES_B = [
  3.0, 5.8, 8.599999999999998, -3.7, -6.499999999999999, -9.299999999999999, 4.3999999999999995,
  7.199999999999999, 10.0, -5.1, -7.8999999999999995, -3.0, 5.8, 8.599999999999998, 3.7,
  -6.499999999999999, -9.299999999999999, -4.3999999999999995, 7.199999999999999, 10.0, 5.1,
  -7.8999999999999995, -3.0, -5.8, 8.599999999999998,
];

function trajectory(start: number[], forces: number[]): Map<number, Float64Array> {
  const s = Float64Array.from(start);
  const at = new Map<number, Float64Array>();
  forces.forEach((f, t) => {
    controlStep(f, s);
    at.set(t + 1, s.slice());
  });
  return at;
}

/** The linear-quadratic regulator's gains for this cart (F = −K·s), from its linearisation. */
const LQR = [10, 21.06241976, 357.63230593, 93.63941381, -200.13379802, -19.090684];
const clip = (f: number) => Math.max(-10, Math.min(10, f));
const lqr = (s: Float64Array) => -LQR.reduce((sum, k, i) => sum + k * s[i]!, 0);

function balanced(control: (s: Float64Array) => number, start: Float64Array, steps: number) {
  const s = start.slice();
  for (let t = 0; t < steps; t++) {
    controlStep(clip(control(s)), s);
    if (hasFailed(s)) return t;
  }
  return steps;
}

describe('double pole physics', () => {
  it('follows a 60-digit evaluation of the same equations to within 1e-13', () => {
    const runs = {
      A: trajectory([...standardStart()], Array(25).fill(10)),
      B: trajectory([-1.08, 0.675, 0.0314159, -0.075048, 0.01, -0.2], FORCES_B),
    };
    for (const name of ['A', 'B'] as const) {
      for (const [step, want] of Object.entries(REFERENCE[name])) {
        const got = runs[name].get(Number(step))!;
        (want as readonly string[]).forEach((text, i) => {
          const w = Number(text);
          expect(Math.abs(got[i]! - w)).toBeLessThan(1e-13 * Math.max(1, Math.abs(w)));
        });
      }
    }
  });

  it('is balanced by the textbook regulator, linear and bang-bang, and not by pushing nothing', () => {
    expect(balanced(lqr, standardStart(), 20_000)).toBe(20_000);
    expect(balanced((s) => 10 * Math.sign(lqr(s)), standardStart(), 20_000)).toBe(20_000);
    expect(balanced(lqr, generalisationStart(312), 1_000)).toBe(1_000);
    expect(balanced(() => 0, standardStart(), 1_000)).toBeLessThan(200);
  });

  it("has the literature's constants and the 625 starts of the generalisation test", () => {
    expect(DOUBLE_POLE.poleHalfLengths).toEqual([0.5, 0.05]);
    expect(DOUBLE_POLE.poleMasses).toEqual([0.1, 0.01]);
    expect(DOUBLE_POLE.tau * DOUBLE_POLE.substeps).toBe(0.02);
    expect(GENERALISATION_STARTS).toBe(625);
    expect([...standardStart()]).toEqual([0, 0, 0.07, 0, 0, 0]);
    expect([...generalisationStart(0)]).toEqual([
      0.05 * 4.32 - 2.16,
      0.05 * 2.7 - 1.35,
      0.05 * 0.12566304 - 0.06283152,
      0.05 * 0.30019504 - 0.15009752,
      0,
      0,
    ]);
    const centre = generalisationStart(312);
    expect(centre[0]).toBeCloseTo(0, 12);
    expect(centre[2]).toBeCloseTo(0, 12);
    expect(generalisationStart(624)[3]).toBeCloseTo(0.95 * 0.30019504 - 0.15009752, 15);
  });

  it('fails off the track, past 36° for either pole, and on a state that is not a number', () => {
    const s = (x: number, a: number, b: number) => Float64Array.of(x, 0, a, 0, b, 0);
    expect(hasFailed(s(2.4, 0, 0))).toBe(false);
    expect(hasFailed(s(2.41, 0, 0))).toBe(true);
    expect(hasFailed(s(0, -0.63, 0))).toBe(true);
    expect(hasFailed(s(0, 0, 0.628329))).toBe(false);
    expect(hasFailed(s(0, 0, 0.6284))).toBe(true);
    expect(hasFailed(s(NaN, 0, 0))).toBe(true);
    const d = new Float64Array(6);
    derivatives(0, Float64Array.of(0, 0, 0, 0, 0, 0), d);
    expect([...d].every((v) => v === 0)).toBe(true);
  });
});
