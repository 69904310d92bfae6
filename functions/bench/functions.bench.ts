/**
 * `npm run bench:functions`: drives the functions on loopback with autocannon (bounded in count
 * and time) against a real local chain and IPFS gateway, and prints requests/s and p50/p99 latency
 * for a cached task list, a cached verify and cold verifies, with the process's memory.
 *
 * `--quick` (or BENCH_QUICK=1) runs shorter. Prints a table, then one JSON line.
 */
import { availableParallelism, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { silentLogger } from '../src/lib/logger.js';
import { startFunctionsServer } from '../src/server.js';
import {
  startMarketFixture,
  type FixtureSubmission,
  type FixtureTask,
} from '../src/test-support/market-fixture.js';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const seconds = quick ? 2 : 5;
const coldCount = quick ? 8 : 24;

function mib(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const fx = await startMarketFixture();
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
try {
  log('setting up tasks and submissions on the local chain...');
  const tasks: FixtureTask[] = [];
  for (let i = 0; i < 20; i++)
    tasks.push(await fx.createTask({ bountyWei: BigInt(i + 1) * 10n ** 17n }));
  // The verified task uses the default (full) scoring parameters of a real task.
  const target = await fx.createTask({ scoring: {} });
  const specScoring = JSON.stringify({
    streams: target.spec.scoring.streams,
    eve: target.spec.scoring.eve,
  });
  const submissions: FixtureSubmission[] = [];
  for (let i = 0; i <= coldCount; i++) {
    const cid = await fx.uploadBundle(target, { 'nonce.txt': new TextEncoder().encode(String(i)) });
    submissions.push(await fx.commit(target, cid, 2 + (i % 6)));
  }
  await fx.openReveal(target);
  for (const [i, s] of submissions.entries()) await fx.reveal(s, 2 + (i % 6));
  await fx.fixSeed(target);

  const server = await startFunctionsServer({
    env: fx.env({
      CHAIN_CACHE_TTL_SECONDS: '600',
      SCORING_CONCURRENCY: String(availableParallelism()),
      SCORING_QUEUE: '1000',
    }),
    log: silentLogger,
  });
  const body = (s: (typeof submissions)[number]) =>
    JSON.stringify({ taskId: s.taskId.toString(), submissionId: s.submissionId.toString() });
  const headers = { 'content-type': 'application/json' };
  try {
    // Warm the caches: the list, and the first submission's verification.
    await (await fetch(`${server.url}/api/tasks?status=open&sort=bounty`)).text();
    const warm = await fetch(`${server.url}/api/verify`, {
      method: 'POST',
      headers,
      body: body(submissions[0]!),
    });
    if (warm.status !== 200)
      throw new Error(`warm-up verify answered ${warm.status}: ${await warm.text()}`);
    const rssBefore = process.memoryUsage().rss;

    log(`cached task list (${seconds} s)...`);
    const list = await autocannon({
      url: `${server.url}/api/tasks?status=open&sort=bounty`,
      connections: 10,
      duration: seconds,
    });
    log(`cached verify (${seconds} s)...`);
    const cached = await autocannon({
      url: `${server.url}/api/verify`,
      method: 'POST',
      headers,
      body: body(submissions[0]!),
      connections: 10,
      duration: seconds,
    });
    const rssAfterCached = process.memoryUsage().rss;
    log(`cold verify (${coldCount} distinct submissions)...`);
    let next = 1;
    const cold = await autocannon({
      url: `${server.url}/api/verify`,
      connections: Math.min(availableParallelism(), coldCount),
      amount: coldCount,
      duration: 600,
      timeout: 300,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: (req) => ({
            ...req,
            body: body(submissions[Math.min(next++, coldCount)]!),
          }),
        },
      ],
    });

    const rssAfterCold = process.memoryUsage().rss;
    // The cached paths again, after the cold jobs: memory must not keep growing.
    log(`cached verify again (${seconds} s)...`);
    const cachedAgain = await autocannon({
      url: `${server.url}/api/verify`,
      method: 'POST',
      headers,
      body: body(submissions[coldCount]!),
      connections: 10,
      duration: seconds,
    });

    const rows = [
      { case: 'cached task list', result: list },
      { case: 'cached verify', result: cached },
      { case: 'cold verify', result: cold },
      { case: 'cached verify, after cold', result: cachedAgain },
    ].map(({ case: name, result }) => ({
      case: name,
      'req/s': Math.round(result.requests.average * 10) / 10,
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    }));
    const memory = {
      rssBeforeMiB: mib(rssBefore),
      rssAfterCachedMiB: mib(rssAfterCached),
      rssAfterColdMiB: mib(rssAfterCold),
      rssEndMiB: mib(process.memoryUsage().rss),
      peakRssMiB: mib(peakRss),
      heapUsedMiB: mib(process.memoryUsage().heapUsed),
    };
    console.table(rows);
    const load = loadavg().map((n) => Math.round(n * 10) / 10);
    console.log(
      `scorer: @tem/core/scoring in ${availableParallelism()} worker threads, spec ${specScoring}`,
    );
    console.log(
      `memory (MiB, bench process: server, workers, autocannon): ${JSON.stringify(memory)}`,
    );
    console.log(`machine: ${availableParallelism()} cores, load average ${load.join(' ')}`);
    console.log(JSON.stringify({ suite: 'functions', quick, specScoring, rows, memory, load }));
  } finally {
    await server.close();
  }
} finally {
  clearInterval(sampler);
  await fx.close();
}
