import { describe, expect, it } from 'vitest';
import { lexicaseSelect, type CaseRows } from './lexicase.js';
import { streamFor } from './random.js';

/** Rows from strings of 0/1 per agent (character c: case c). */
function rows(...agents: string[]): CaseRows {
  const cases = agents[0]?.length ?? 0;
  const bytes = Math.ceil(cases / 8);
  const bits = new Uint8Array(agents.length * bytes);
  agents.forEach((a, i) => {
    for (let c = 0; c < cases; c++) if (a[c] === '1') bits[i * bytes + (c >> 3)]! |= 1 << (c & 7);
  });
  return { bits, bytes, agents: agents.length, cases };
}

const counts = (chosen: Int32Array, agents: number) => {
  const n = new Array<number>(agents).fill(0);
  for (const i of chosen) n[i]!++;
  return n;
};

describe('lexicaseSelect', () => {
  it('never chooses an agent another beats on every case', () => {
    const chosen = lexicaseSelect(rows('1100', '1110', '0000', '0011'), 2000, streamFor(1, 0));
    const n = counts(chosen, 4);
    expect(n[0]).toBe(0);
    expect(n[2]).toBe(0);
    expect(n[1]! + n[3]!).toBe(2000);
  });

  it('chooses a specialist that alone passes a case though its total is the lowest', () => {
    // Agent 2 passes 1 case of 9, the only one nobody else passes; it leads when that case comes
    // first (1 order in 9).
    const chosen = lexicaseSelect(
      rows('111111110', '111111110', '000000001'),
      9000,
      streamFor(2, 0),
    );
    const share = counts(chosen, 3)[2]! / 9000;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.13);
  });

  it('chooses uniformly among agents that tie on every case', () => {
    const n = counts(lexicaseSelect(rows('1010', '1010', '1010'), 3000, streamFor(3, 0)), 3);
    for (const k of n) expect(k).toBeGreaterThan(900);
  });

  it('is a function of the rows and the random stream', () => {
    const r = rows('10110', '01101', '11000', '00111');
    expect(lexicaseSelect(r, 50, streamFor(4, 1))).toEqual(lexicaseSelect(r, 50, streamFor(4, 1)));
  });

  it('refuses an empty generation', () => {
    expect(() => lexicaseSelect(rows(), 1, streamFor(5, 0))).toThrow(/at least one agent/);
  });
});
