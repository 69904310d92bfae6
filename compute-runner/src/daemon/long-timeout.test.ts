import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLongTimeout } from './long-timeout.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('setLongTimeout', () => {
  it('waits out delays longer than setTimeout can hold (a commit deadline weeks away)', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const thirtyDays = 30 * 24 * 3600 * 1000;
    setLongTimeout(fired, thirtyDays);
    vi.advanceTimersByTime(1_000);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(thirtyDays - 1_001);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('fires short and past delays, and can be cancelled', () => {
    vi.useFakeTimers();
    const soon = vi.fn();
    const past = vi.fn();
    const cancelled = vi.fn();
    setLongTimeout(soon, 50);
    setLongTimeout(past, -5);
    const cancel = setLongTimeout(cancelled, 3e9);
    vi.advanceTimersByTime(2 ** 31);
    cancel();
    vi.advanceTimersByTime(3e9);
    expect(soon).toHaveBeenCalledTimes(1);
    expect(past).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
