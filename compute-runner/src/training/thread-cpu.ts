import { readFileSync } from 'node:fs';

/**
 * CPU time (ms) the calling thread has run so far, from Linux's `/proc/thread-self/schedstat`
 * (nanoseconds on CPU, whatever the machine's load); null where that file does not exist. Node 20
 * has no per-thread CPU clock, and `process.cpuUsage` sums every thread.
 */
export function threadCpuMs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}
