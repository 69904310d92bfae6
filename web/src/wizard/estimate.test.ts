import { describe, expect, it } from 'vitest';
import { longestTrainingSeconds, roughDuration } from './estimate.js';

describe('the wizard’s time estimates', () => {
  it('grow with population × steps × generations', () => {
    const base = longestTrainingSeconds({ population: 100, steps: 300, generations: 2000 });
    expect(base).toBe(12);
    expect(longestTrainingSeconds({ population: 200, steps: 300, generations: 2000 })).toBe(
      2 * base,
    );
    expect(longestTrainingSeconds({ population: 100, steps: 300, generations: 20_000 })).toBe(
      10 * base,
    );
  });
  it('read as a rough duration', () => {
    expect(roughDuration(0.2)).toBe('under a second');
    expect(roughDuration(1)).toBe('about 1 second');
    expect(roughDuration(12)).toBe('about 12 seconds');
    expect(roughDuration(80)).toBe('about 80 seconds');
    expect(roughDuration(100)).toBe('about 2 minutes');
    expect(roughDuration(3 * 3600 + 100)).toBe('about 3 hours');
    expect(roughDuration(40 * 86_400)).toBe('about 40 days');
  });
});
