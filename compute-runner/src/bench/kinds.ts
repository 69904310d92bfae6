import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kindOf, parseAnyTaskSpecJson, type AnyTaskKind } from '@tem/core/kinds';
import { computeThreadsEvaluator } from '../training/worker-pool.js';
import { SharedDataError, findRepoRoot } from './shared-data.js';
import type { BenchSuite } from './suite.js';

/** `compute-runner/examples/` of the repository this module runs from (sources or dist/). */
function examplesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = findRepoRoot(here);
  if (!root) throw new SharedDataError(`no repository found above ${here}: no example specs`);
  return path.join(root, 'compute-runner', 'examples');
}

/** The example specs measured, and generations timed (full, quick). */
const CASES: [file: string, generations: number, quick: number][] = [
  ['multiplexer-demo-spec.json', 200, 20],
  ['multiplexer-spec.json', 20, 2],
  ['double-pole-spec.json', 200, 20],
  ['double-pole-demo-spec.json', 200, 20],
];

interface AgentRun {
  generation: number;
  evaluations: number;
}

/**
 * Trains `generations` generations of an example spec's kind on `threads` compute threads (seed
 * 1, from a fresh population, whose building is not timed) and scores the run's champion: the
 * rate of network evaluations (the literature's count) and the time one score takes.
 */
async function measure(file: string, generations: number, threads: number) {
  const spec = parseAnyTaskSpecJson(await readFile(path.join(examplesDir(), file), 'utf8'));
  const kind: AnyTaskKind = kindOf(spec);
  const t = kind.training;
  const state = t.createState(t.config(spec), 1);
  const evaluator = computeThreadsEvaluator(threads);
  try {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await t.train({ state, evaluator, generations });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    const run = state as AgentRun;
    const files = new Map(t.networkFiles(state));
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(t.manifest(state, facts))));
    const s0 = performance.now();
    const report = await kind.score({
      spec,
      files,
      testSeed: `0x${'5a'.repeat(32)}`,
      testFiles: new Map(),
    });
    const scoreSeconds = (performance.now() - s0) / 1000;
    return {
      kind: kind.id,
      task: t.describeConfig(t.configOf(state)),
      generations: run.generation,
      evaluations: run.evaluations,
      seconds: round(seconds),
      evaluationsPerSecond: Math.round(run.evaluations / seconds),
      cpuSeconds: round((cpu.user + cpu.system) / 1e6),
      champion: kind.countsLine(report),
      scoreSeconds: round(scoreSeconds),
    };
  } finally {
    await evaluator.close();
  }
}

const facts = {
  taskId: '0',
  specCid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
  runner: 'tem bench kinds',
};
const round = (x: number) => Number(x.toFixed(3));

/**
 * `tem bench kinds`: training throughput of the multiplexer and double pole examples on 2
 * compute threads (network evaluations per second, as the literature counts evaluations), and
 * the time to score the champion. Time-to-solve is measured by `tem train` runs
 * (docs/performance.md), which take minutes.
 */
export const kindsBench: BenchSuite = {
  name: 'kinds',
  summary: 'training throughput and scoring time of the multiplexer and double pole kinds',
  async run({ quick, log }) {
    const out: Record<string, unknown> = { threads: 2, loadAverage: round(loadavg()[0]!) };
    for (const [file, full, short] of CASES) {
      const generations = quick ? short : full;
      log(`${file}: ${generations} generations on 2 threads`);
      out[file] = await measure(file, generations, 2);
    }
    return out;
  },
};
