import { describe, expect, it } from 'vitest';
import { MemoCache } from './memo-cache.js';

describe('MemoCache', () => {
  it('shares one computation between concurrent callers and caches its success', async () => {
    const cache = new MemoCache<string, number>({ ttlMs: 1000, maxEntries: 10, now: () => 0 });
    let calls = 0;
    let release!: (n: number) => void;
    const compute = () => {
      calls += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const a = cache.getWithStatus('k', compute);
    const b = cache.getWithStatus('k', compute);
    release(7);
    expect(await a).toEqual({ value: 7, hit: 'miss' });
    expect(await b).toEqual({ value: 7, hit: 'shared' });
    expect(await cache.getWithStatus('k', compute)).toEqual({ value: 7, hit: 'hit' });
    expect(calls).toBe(1);
  });

  it('never caches a failure', async () => {
    const cache = new MemoCache<string, number>({ ttlMs: 1000, maxEntries: 10 });
    await expect(cache.get('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(cache.size).toBe(0);
    expect(cache.inFlight).toBe(0);
    expect(await cache.get('k', async () => 3)).toBe(3);
  });

  it('expires entries after the TTL', async () => {
    let now = 0;
    const cache = new MemoCache<string, number>({ ttlMs: 100, maxEntries: 10, now: () => now });
    await cache.get('k', async () => 1);
    now = 99;
    expect(cache.peek('k')).toBe(1);
    now = 100;
    expect(cache.peek('k')).toBeUndefined();
    expect(await cache.get('k', async () => 2)).toBe(2);
  });

  it('keeps at most maxEntries, evicting the least recently used', async () => {
    const cache = new MemoCache<number, number>({ ttlMs: Infinity, maxEntries: 3 });
    for (const k of [1, 2, 3]) await cache.get(k, async () => k);
    cache.peek(1);
    await cache.get(4, async () => 4);
    expect(cache.size).toBe(3);
    expect(cache.peek(2)).toBeUndefined();
    expect(cache.peek(1)).toBe(1);
  });

  it('falls back to the system clock when `now` is passed as undefined', async () => {
    const cache = new MemoCache<string, number>({ ttlMs: 60_000, maxEntries: 2, now: undefined });
    expect(await cache.get('k', async () => 1)).toBe(1);
    expect(cache.peek('k')).toBe(1);
  });
});
