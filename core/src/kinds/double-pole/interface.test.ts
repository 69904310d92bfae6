import { describe, expect, it } from 'vitest';
import { observationInputs, observationWord, wordForce, writeObservation } from './interface.js';

describe("the reference's 16-bit discretisation", () => {
  it('maps an observation to round(32767 + 32767·v/10), saturating at ±10', () => {
    expect(observationWord(0)).toBe(32767);
    expect(observationWord(0.07)).toBe(32996); // 32767 + 229.369
    expect(observationWord(-2.4)).toBe(24903);
    expect(observationWord(10)).toBe(65535);
    expect(observationWord(9.9999)).toBe(65534);
    expect(observationWord(-10)).toBe(0);
    expect(observationWord(-11)).toBe(0);
    // Halves round up (C's round, away from zero, for these positive values).
    expect(observationWord(10 / 32767 / 2)).toBe(32768);
  });

  it('maps an output word to (w − 32767)·100/32767 N, ±100 N at the ends', () => {
    expect(wordForce(32767)).toBe(0);
    expect(wordForce(65535)).toBe(100);
    expect(wordForce(0)).toBe(-100);
    expect(wordForce(32767 + 3277)).toBeCloseTo(10.0009, 4);
    expect(wordForce(1)).toBeCloseTo(-99.9969, 4);
  });

  it('shows the network x, θ1, θ2 without velocities and all six with, raw or normalized', () => {
    const s = Float64Array.of(1.2, -0.5, 0.1, 0.4, -0.05, 2);
    const three = new Uint16Array(3);
    writeObservation(s, { velocities: false, scale: 'raw' }, three);
    expect([...three]).toEqual([1.2, 0.1, -0.05].map(observationWord));
    writeObservation(s, { velocities: false, scale: 'normalized' }, three);
    expect([...three]).toEqual([1.2 / 4.8, 0.1 / 0.52, -0.05 / 0.52].map(observationWord));
    const six = new Uint16Array(6);
    writeObservation(s, { velocities: true, scale: 'normalized' }, six);
    expect([...six]).toEqual(
      [1.2 / 4.8, -0.5 / 2, 0.1 / 0.52, 0.4 / 2, -0.05 / 0.52, 2 / 2].map(observationWord),
    );
    expect(observationInputs({ velocities: true, scale: 'raw' })).toBe(6);
    expect(observationInputs({ velocities: false, scale: 'raw' })).toBe(3);
  });
});
