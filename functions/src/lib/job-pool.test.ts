import { describe, expect, it } from 'vitest';
import { JobPool, PoolSaturatedError } from './job-pool.js';

describe('JobPool', () => {
  it('runs at most `concurrency` jobs, queues `maxQueue`, refuses the rest', async () => {
    const pool = new JobPool({ concurrency: 1, maxQueue: 1 });
    const order: string[] = [];
    let release!: () => void;
    const first = pool.run(async () => {
      order.push('first');
      await new Promise<void>((r) => (release = r));
    });
    const second = pool.run(async () => {
      order.push('second');
    });
    expect(pool.running).toBe(1);
    expect(pool.queued).toBe(1);
    await expect(pool.run(async () => undefined)).rejects.toBeInstanceOf(PoolSaturatedError);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(pool.running).toBe(0);
  });

  it('frees the slot when a job fails', async () => {
    const pool = new JobPool({ concurrency: 1, maxQueue: 0 });
    await expect(pool.run(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await pool.run(async () => 5)).toBe(5);
  });
});
