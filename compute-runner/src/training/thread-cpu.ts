import { closeSync, openSync, readSync } from 'node:fs';

/** The calling thread's schedstat file, opened once per thread (reopening costs ~50 us a read). */
let schedstat: number | null | undefined;
const buffer = Buffer.alloc(64);

/**
 * CPU time (ms) the calling thread has run so far, from Linux's `/proc/thread-self/schedstat`
 * (nanoseconds on CPU, whatever the machine's load); null where that file does not exist. Node 20
 * has no per-thread CPU clock, and `process.cpuUsage` sums every thread.
 */
export function threadCpuMs(): number | null {
  if (schedstat === undefined) {
    try {
      // thread-self resolves when opened: this fd stays the opening thread's.
      schedstat = openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      schedstat = null;
    }
  }
  if (schedstat === null) return null;
  try {
    const n = readSync(schedstat, buffer, 0, buffer.length, 0);
    return Number(buffer.toString('latin1', 0, n).split(' ')[0]) / 1e6;
  } catch {
    closeSync(schedstat);
    schedstat = null;
    return null;
  }
}

/** Asks an evaluation worker for {@link threadCpuMs} (on its request channel, in turn). */
export interface ThreadCpuQuery {
  cpuQuery: number;
}

/** An evaluation worker's answer to a {@link ThreadCpuQuery}. */
export interface ThreadCpuAnswer {
  cpuQuery: number;
  threadCpuMs: number | null;
}
