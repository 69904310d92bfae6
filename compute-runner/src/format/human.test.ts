import { describe, expect, it } from 'vitest';
import { formatChainTime, formatDate, formatDuration, formatTfuel, plural } from './human.js';

describe('human wording', () => {
  it('writes wei as exact TFuel', () => {
    expect(formatTfuel(10n ** 18n)).toBe('1 TFuel');
    expect(formatTfuel('1000000000000000000')).toBe('1 TFuel');
    expect(formatTfuel(1_500_000_000_000_000_000n)).toBe('1.5 TFuel');
    expect(formatTfuel(1n)).toBe('0.000000000000000001 TFuel');
    expect(formatTfuel(0n)).toBe('0 TFuel');
    expect(formatTfuel(12_345n * 10n ** 18n)).toBe('12,345 TFuel');
    expect(formatTfuel(-(10n ** 17n))).toBe('-0.1 TFuel');
  });

  it('puts the noun in the right number', () => {
    expect(plural(1, 'generation')).toBe('1 generation');
    expect(plural(0, 'generation')).toBe('0 generations');
    expect(plural(3, 'generation')).toBe('3 generations');
    expect(plural(1n, 'task')).toBe('1 task');
    expect(plural(2, 'child', 'children')).toBe('2 children');
  });

  it('writes a duration in its largest unit and the next', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59)).toBe('59s');
    expect(formatDuration(101)).toBe('1m 41s');
    expect(formatDuration(3600)).toBe('1h');
    expect(formatDuration(3 * 3600 + 59)).toBe('3h');
    expect(formatDuration(90_061)).toBe('1d 1h');
    expect(formatDuration(-5)).toBe('0s');
  });

  it('writes a chain time as a date and its distance from chain now', () => {
    expect(formatDate(1796652455n)).toBe('2026-12-07 14:07:35 UTC');
    expect(formatChainTime(1796652455n, 1796652354n)).toBe('2026-12-07 14:07:35 UTC (in 1m 41s)');
    expect(formatChainTime(1796652455, 1796652475)).toBe('2026-12-07 14:07:35 UTC (20s ago)');
    expect(formatChainTime(1796652455, 1796652455)).toBe('2026-12-07 14:07:35 UTC (now)');
  });
});
