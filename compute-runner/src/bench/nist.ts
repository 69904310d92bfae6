import { BitSequence, NIST_TESTS, runNistSuite } from '@tem/core/nist';
import { readSharedData, SharedDataError } from './shared-data.js';
import type { BenchSuite } from './suite.js';

const N = 1_000_000;

/** 10^6 bits of e (the suite's data.e), or deterministic xorshift bits when the file is absent. */
async function input(): Promise<{ seq: BitSequence; source: string }> {
  try {
    const bytes = await readSharedData('nist/e.msb.bin');
    return { seq: new BitSequence(bytes, N), source: 'e.msb.bin (10^6 bits of e)' };
  } catch (error) {
    if (!(error instanceof SharedDataError)) throw error;
    const bytes = new Uint8Array(N / 8);
    let x = 0x9e3779b9;
    for (let i = 0; i < bytes.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = x >>> 24;
    }
    return { seq: new BitSequence(bytes, N), source: `xorshift32 (${error.message})` };
  }
}

const ms = (t: number) => Math.round(t * 10) / 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** `tem bench nist`: milliseconds per test and for the whole suite on 10^6 bits. */
export const nistBench: BenchSuite = {
  name: 'nist',
  summary: 'NIST SP 800-22: time of each of the 15 tests and the total on 10^6 bits',
  async run({ quick, log }) {
    const { seq, source } = await input();
    const runs = quick ? 3 : 9;
    log(`input: ${source}; first (cold) run, then median of ${runs} runs`);

    let start = performance.now();
    runNistSuite(seq);
    const cold = performance.now() - start;
    log(`cold suite run ${ms(cold)} ms (includes JIT warm-up)`);

    const perTest: Record<string, number> = {};
    const perTestCpu: Record<string, number> = {};
    for (const test of NIST_TESTS) {
      const times: number[] = [];
      const cpuTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        const cpu = process.cpuUsage();
        start = performance.now();
        test.run(seq, {});
        times.push(performance.now() - start);
        const used = process.cpuUsage(cpu);
        cpuTimes.push((used.user + used.system) / 1000);
      }
      perTest[test.name] = ms(median(times));
      perTestCpu[test.name] = ms(median(cpuTimes));
      log(`${test.name} ${perTest[test.name]} ms wall, ${perTestCpu[test.name]} ms CPU`);
    }
    const totals: number[] = [];
    const cpuTotals: number[] = [];
    for (let i = 0; i < runs; i++) {
      const cpu = process.cpuUsage();
      start = performance.now();
      runNistSuite(seq);
      totals.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      cpuTotals.push((used.user + used.system) / 1000);
    }
    const total = ms(median(totals));
    // CPU time (all threads, GC included) is steadier than wall time on a busy machine.
    const cpuTotal = ms(median(cpuTotals));
    log(`suite total ${total} ms wall, ${cpuTotal} ms CPU (medians); sts-2.1.2 -O2 takes ~1600 ms`);
    return {
      input: source,
      n: N,
      runs,
      tests_ms: perTest,
      tests_cpu_ms: perTestCpu,
      sum_of_tests_ms: ms(Object.values(perTest).reduce((a, b) => a + b, 0)),
      total_ms: total,
      cpu_total_ms: cpuTotal,
      cold_total_ms: ms(cold),
      sts_reference_ms: 1600,
    };
  },
};
