import { describe, expect, it } from 'vitest';
import { BitSequence, MAX_BITS } from './bit-sequence.js';
import { cyclicPatternCounts, countOnes, slidingWindows, window } from './bits.js';
import { NistInputError } from './errors.js';

describe('BitSequence', () => {
  it('reads bytes MSB-first and honours a bit count that is not a multiple of 8', () => {
    const seq = new BitSequence(Uint8Array.of(0b10110000, 0xff), 11);
    expect(Array.from({ length: 11 }, (_, i) => seq.bit(i)).join('')).toBe('10110000111');
    expect(countOnes(seq.words, 0, seq.length)).toBe(6);
  });

  it('ignores bits past the length in the packed words', () => {
    const seq = new BitSequence(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff), 3);
    expect(seq.words[0]).toBe(0xe0000000);
    expect(seq.words[1]).toBe(0);
  });

  it('parses bit strings, skipping whitespace and naming the offset of a bad character', () => {
    expect(BitSequence.fromBitString('10 1\n1').length).toBe(4);
    expect(() => BitSequence.fromBitString('1012')).toThrow(NistInputError);
    expect(() => BitSequence.fromBitString('1012')).toThrow(/'2'|"2".*offset 3/);
  });

  it("reads the suite's ASCII format: '0'/'1' characters, everything else skipped", () => {
    const text = new TextEncoder().encode('1 0\r\n1x1 0 11 trailing 2');
    const seq = BitSequence.fromAscii(text);
    expect(seq.length).toBe(7);
    expect(Array.from({ length: 7 }, (_, i) => seq.bit(i)).join('')).toBe('1011011');
    expect(BitSequence.fromAscii(text, 4).length).toBe(4);
  });

  it('rejects a length the bytes cannot hold, or beyond MAX_BITS', () => {
    expect(() => new BitSequence(new Uint8Array(1), 9)).toThrow(/exceeds the 1 bytes/);
    expect(() => new BitSequence(new Uint8Array(1), -1)).toThrow(NistInputError);
    expect(() => new BitSequence(new Uint8Array(1), 1.5)).toThrow(NistInputError);
    expect(() => new BitSequence(new Uint8Array(0), MAX_BITS + 1)).toThrow(NistInputError);
  });

  it('appends its own first bits for cyclic windows, wrapping more than once if short', () => {
    const seq = BitSequence.fromBitString('101');
    const words = seq.cyclicWords(7);
    expect(window(words, 0, 10)).toBe(0b1011011011);
  });
});

describe('bit helpers', () => {
  const seq = BitSequence.fromBitString('1101001110010111000101101'.repeat(9));

  it('reads windows across word boundaries', () => {
    const windows = slidingWindows(seq.words, seq.length - 12, 13);
    for (let i = 0; i < windows.length; i++) {
      let v = 0;
      for (let k = 0; k < 13; k++) v = v * 2 + seq.bit(i + k);
      expect(windows[i]).toBe(v);
    }
  });

  it('counts ones in any bit range', () => {
    for (const [a, b] of [
      [0, 0],
      [3, 4],
      [5, 37],
      [31, 33],
      [0, 225],
      [64, 96],
    ] as const) {
      let ones = 0;
      for (let i = a; i < b; i++) ones += seq.bit(i);
      expect(countOnes(seq.words, a, b)).toBe(ones);
    }
  });

  it('counts cyclic patterns over exactly n windows', () => {
    const counts = cyclicPatternCounts(seq.cyclicWords(4), seq.length, 5);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(seq.length);
  });
});
