/**
 * The compute-runner image, built and run for real with podman: the unmodified
 * compute-runner/Dockerfile built on a stand-in of its base image (scripts/container-base.ts),
 * from a copy of the tree with secrets planted in it, then run against the local stack of
 * `npm start` (anvil, TaskMarket, the gateway, the functions), where `tem watch` in the
 * container takes the devnet demo task to its payout, answers the HEALTHCHECK and stops on
 * SIGTERM within seconds. Needs root, podman, runc and debootstrap (`.ci/run` installs them);
 * without podman the test is skipped unless TEM_REQUIRE_CONTAINER=1 (CI sets it).
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseImage } from '../../scripts/container-base.js';
import { copyRepository } from '../../scripts/repo-copy.js';
import { parseDevnetConfig, repoRoot } from '../src/config.js';
import { type DemoLifecycle, parseRunnerLine } from '../src/demo-lifecycle.js';
import { freePort } from '../src/ports.js';
import type { Reporter } from '../src/report.js';
import { runDemo } from '../src/run-demo.js';
import type { RunnerOptions } from '../src/services.js';
import { type StackServices, startServices } from '../src/start-services.js';
import { type RunningService, Supervisor } from '../src/supervisor.js';

const run = promisify(execFile);

const hasPodman = (() => {
  try {
    execFileSync('podman', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasPodman && process.env.TEM_REQUIRE_CONTAINER === '1') {
  throw new Error('TEM_REQUIRE_CONTAINER=1 but podman is not installed');
}

/** What `podman build` and `podman run` need on this kind of machine (crun fails on cgroups). */
const LIMITS = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=4096:4096'];
const PODMAN_RUN = ['--runtime', 'runc', '--network', 'host', ...LIMITS];
const PODMAN_BUILD = [
  'build',
  '--runtime',
  'runc',
  '--format',
  'docker',
  ...LIMITS,
  '--network',
  'host',
  '--pull=never',
];
/** Files a careless context would ship: none may reach the build. */
const PLANTED_SECRETS = [
  '.env',
  '.env.production',
  'compute-runner/.env',
  'keys/runner.keystore.json',
  'compute-runner/tem.config.json',
  '.devnet/deployment.json',
];

const suffix = `${process.pid}-${Date.now().toString(36)}`;
const image = `localhost/tem-runner-e2e:${suffix}`;
const probeImage = `localhost/tem-context-probe:${suffix}`;
const container = `tem-runner-e2e-${suffix}`;
const npmSecret = process.env.NODE_EXTRA_CA_CERTS
  ? ['--secret', `id=npmca,src=${process.env.NODE_EXTRA_CA_CERTS}`]
  : [];

let context: string;
let contextFiles: string[];
const timings: Record<string, number> = {};
const lines: string[] = [];
const reporter: Reporter = {
  step: (source, text) => lines.push(`${source}: ${text}`),
  text: (text) => lines.push(text),
};

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[name] = Date.now() - started;
  }
}

beforeAll(async () => {
  if (!hasPodman) return;
  const dockerfile = path.join(repoRoot, 'compute-runner/Dockerfile');
  const base = await timed('base image', () => ensureBaseImage(dockerfile));
  context = await copyRepository(repoRoot, 'tem-container-');
  for (const file of PLANTED_SECRETS) {
    await mkdir(path.dirname(path.join(context, file)), { recursive: true });
    await writeFile(path.join(context, file), 'TEM_PRIVATE_KEY=0xplanted\n');
  }
  // What reaches a build: a probe that copies the whole context, built by podman itself.
  const probe = path.join(await mkdtemp(path.join(tmpdir(), 'tem-probe-')), 'Dockerfile');
  await writeFile(probe, `FROM ${base}\nCOPY . /context\n`);
  await run('podman', [...PODMAN_BUILD, '-f', probe, '-t', probeImage, context]);
  const { stdout } = await run(
    'podman',
    ['run', '--rm', ...PODMAN_RUN, probeImage, 'find', '/context', '-type', 'f'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  contextFiles = stdout.split('\n').filter(Boolean);
  await timed('image build', () =>
    run(
      'podman',
      [
        ...PODMAN_BUILD,
        ...npmSecret,
        '-f',
        path.join(context, 'compute-runner/Dockerfile'),
        '-t',
        image,
        context,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    ),
  );
}, 900_000);

afterAll(async () => {
  if (!hasPodman) return;
  await run('podman', ['rm', '-f', container]).catch(() => undefined);
  await run('podman', ['rmi', '-f', image, probeImage]).catch(() => undefined);
  // The untagged build stages (~900 MB each, built on the stand-in base): the newest stays as
  // the next run's layer cache, older ones go.
  const { stdout: stages } = await run('podman', [
    'images',
    '--filter',
    'dangling=true',
    '--filter',
    'label=tem.stand-in',
    '--sort',
    'created',
    '--format',
    '{{.ID}}',
  ]).catch(() => ({ stdout: '' }));
  const old = stages.split('\n').filter(Boolean).slice(1);
  if (old.length) await run('podman', ['rmi', '-f', ...old]).catch(() => undefined);
  if (context) await rm(context, { recursive: true, force: true });
  console.log(
    `container test: ${Object.entries(timings)
      .map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
      .join(', ')}`,
  );
});

describe.skipIf(!hasPodman)('the compute-runner image, with podman', () => {
  it('answers its HEALTHCHECK command unhealthy on a state volume without a heartbeat', async () => {
    const error = await run('podman', [
      'run',
      '--rm',
      ...PODMAN_RUN,
      image,
      'status',
      '--health',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect((error as { code: number }).code).toBe(1);
    expect((error as { stderr: string }).stderr).toContain('unhealthy: no heartbeat');
  });

  it('keeps secrets, dependencies and local state out of the build context', () => {
    const inContext = contextFiles.map((f) => path.relative('/context', f));
    expect(inContext).toContain('compute-runner/Dockerfile');
    for (const secret of PLANTED_SECRETS) expect(inContext).not.toContain(secret);
    expect(inContext.filter((f) => f.includes('node_modules/'))).toEqual([]);
  });

  it('runs tem watch against the local stack: the demo task to its payout, healthy, stopped by SIGTERM in seconds', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tem-container-devnet-'));
    const env = {
      TEM_DEVNET_DIR: dataDir,
      TEM_ANVIL_PORT: String(await freePort()),
      TEM_GATEWAY_PORT: String(await freePort()),
      TEM_FUNCTIONS_PORT: String(await freePort()),
      TEM_FUNCTIONS_PORT_2: String(await freePort()),
      TEM_FUNCTIONS_PORT_3: String(await freePort()),
    };
    let demo: DemoLifecycle | undefined;
    const supervisor = new Supervisor((service, line) => {
      // anvil logs every call: keep what explains a failure.
      if (service !== 'anvil') lines.push(`${service}: ${line}`);
      const event = service === 'runner' ? parseRunnerLine(line) : undefined;
      if (event) demo?.onRunnerEvent(event);
    });
    const failures: string[] = [];
    supervisor.onFailure((error) => {
      failures.push(error.message);
      demo?.fail(error.message);
    });
    const abort = new AbortController();
    let stack: StackServices | undefined;
    let runner: RunningService | undefined;
    try {
      stack = await startServices(supervisor, parseDevnetConfig([], env), reporter);
      const runnerDir = path.join(dataDir, 'runner');
      // The image runs `tem watch` as the image's user `node` (uid 1000), state in /data.
      const inContainer = async (sup: Supervisor, options: RunnerOptions) => {
        await mkdir(runnerDir, { recursive: true });
        await chmod(runnerDir, 0o777);
        runner = await sup.start({
          name: 'runner',
          command: 'podman',
          args: [
            'run',
            '--rm',
            '--name',
            container,
            ...PODMAN_RUN,
            '-v',
            `${runnerDir}:/data`,
            // The key travels in podman's environment, never on a command line.
            '-e',
            'TEM_PRIVATE_KEY',
            '-e',
            'TEM_THREADS=1',
            '-e',
            'TEM_POLL_INTERVAL_MS=1000',
            '-e',
            'TEM_SAFETY_MARGIN_SECONDS=5',
            '-e',
            'TEM_MAX_GENERATIONS=3',
            '-e',
            `TEM_TRUSTED_VERIFIERS=${options.trustedVerifiers.join(',')}`,
            image,
            'watch',
            '--rpc-url',
            options.rpcUrl,
            '--market',
            options.market,
            '--gateway',
            options.gatewayUrl,
            '--json',
          ],
          env: { TEM_PRIVATE_KEY: options.privateKey },
          // Its exit is the test's to judge (SIGTERM at the end); the demo fails on an early one.
          expectExit: true,
        });
        return runner;
      };
      const [outcome] = await timed('demo to payout', () =>
        runDemo(stack!, {
          supervisor,
          reporter,
          runnerStateDir: runnerDir,
          once: false,
          attach: (lifecycle) => (demo = lifecycle),
          signal: abort.signal,
          startRunner: inContainer,
        }),
      );
      expect(outcome!.paid).toBeGreaterThan(0n);
      expect(failures).toEqual([]);

      // The image's HEALTHCHECK, run by podman, and the command behind it.
      await run('podman', ['healthcheck', 'run', container]);
      const { stdout: health } = await run('podman', [
        'exec',
        container,
        'node',
        '/opt/tem/tem.mjs',
        'status',
        '--health',
      ]);
      expect(health).toMatch(/^healthy: /);

      const stopped = Date.now();
      await run('podman', ['kill', '--signal', 'TERM', container]);
      const exit = await runner!.exited;
      timings['stop after SIGTERM'] = Date.now() - stopped;
      // `tem watch` ends a run stopped by a signal with 130, after saving its state.
      expect(exit, 'the runner ends on SIGTERM').toMatchObject({ code: 130 });
      expect(lines.some((l) => /"event":"stopped"/.test(l))).toBe(true);
      expect(timings['stop after SIGTERM']).toBeLessThan(15_000);
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\n--- last output:\n${lines.slice(-40).join('\n')}`,
      );
    } finally {
      abort.abort();
      await supervisor.stopAll();
      stack?.chain.provider.destroy();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 600_000);
});
