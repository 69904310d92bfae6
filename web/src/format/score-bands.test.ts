import { describe, expect, it } from 'vitest';
import { doublePoleReport, multiplexerReport } from '@tem/core/kinds';
import type { Module } from '@tem/core/bisuna';
import { scoreBand } from './score-bands.js';

/** A 6-input network of `hidden` hidden neurons and `conns` connections (only its size counts). */
const network = (hidden: number, conns: number): Module => ({
  params: { networkID: 0, nInputs: 6, nOutputs: 1 },
  neurons: Array.from({ length: 7 + hidden }, (_, nID) => ({
    nID,
    nType: nID < 6 ? 1 : nID === 6 ? 2 : 16,
    firingRate: 1,
  })),
  conns: Array.from({ length: conns }, () => ({
    fromNID: 0,
    toNID: 6,
    neuroMod: 65535,
    weight: 1,
  })),
});
const coverage = (correct: number) => ({
  cases: 64,
  correct,
  right: new Uint8Array(64),
  outputs: new Uint16Array(64),
});
const poleTest = (longSteps: number, generalisation: number) => ({
  longSteps,
  generalisation,
  generalised: new Uint8Array(625),
});

describe('score bands by kind', () => {
  it("says what the multiplexer's scores mean, as core's report computes them", () => {
    const half = multiplexerReport(coverage(32), network(0, 1)).score;
    expect(scoreBand('bisuna-multiplexer', half)).toMatchObject({
      tag: '50.0 % of cases',
      highlight: false,
    });
    const perfect = multiplexerReport(coverage(64), network(8, 22)).score;
    expect(perfect).toBe(2_680_851n);
    expect(scoreBand('bisuna-multiplexer', perfect)).toMatchObject({
      tag: 'perfect',
      highlight: true,
    });
    expect(scoreBand('bisuna-multiplexer', perfect)!.meaning).toContain('size bonus 680,851');
  });

  it("says what the double pole's scores mean, as core's report computes them", () => {
    const short = doublePoleReport(poleTest(1_234, 0)).score;
    expect(scoreBand('bisuna-double-pole', short)).toMatchObject({
      tag: '1,234 steps',
      highlight: false,
    });
    for (const g of [0, 1, 200, 286, 624, 625]) {
      const s = doublePoleReport(poleTest(100_000, g)).score;
      expect(scoreBand('bisuna-double-pole', s)).toMatchObject({
        tag: `balanced, ${g}/625 starts`,
        highlight: true,
      });
    }
  });

  it("keeps the cipher's bands, and says nothing while the kind is unknown", () => {
    expect(scoreBand('bisuna-cipher', 2_500_000n)!.tag).toBe('real cipher');
    expect(scoreBand('bisuna-cipher', 1_349_473n)).toMatchObject({
      tag: 'perfect decryption, key unused',
      highlight: true,
    });
    expect(scoreBand('bisuna-cipher', 999_999n)!.tag).toBe('imperfect');
    expect(scoreBand(undefined, 2_500_000n)).toBeNull();
    expect(scoreBand('bisuna-something-else', 2_500_000n)).toBeNull();
  });
});
