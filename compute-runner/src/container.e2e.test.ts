import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, startLocalMarket, type LocalMarket } from './test-support/local-market.js';
import { startTem } from './test-support/runner-process.js';

const run = promisify(execFile);
const RUNNER_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The exec-form JSON array of a Dockerfile instruction, e.g. ENTRYPOINT ["node", "…"]. */
function instruction(dockerfile: string, name: string): string[] {
  const line = dockerfile.split('\n').find((l) => l.startsWith(`${name} [`));
  if (!line) throw new Error(`Dockerfile has no ${name} in exec form`);
  return JSON.parse(line.slice(name.length + 1)) as string[];
}

let local: LocalMarket;
let dockerfile: string;
let image: string;

beforeAll(async () => {
  dockerfile = await readFile(join(RUNNER_DIR, 'Dockerfile'), 'utf8');
  // What the image's build stage does, then only dist/ is kept: copy it where no node_modules is.
  await run('npm', ['run', 'build', '-w', 'compute-runner'], { cwd: join(RUNNER_DIR, '..') });
  image = await mkdtemp(join(tmpdir(), 'tem-image-'));
  await cp(join(RUNNER_DIR, 'dist'), join(image, 'opt/tem'), { recursive: true });
  local = await startLocalMarket();
}, 180_000);
afterAll(async () => {
  await local?.close();
});

/** The image's command with /opt/tem mapped into the temporary image folder. */
function imageCommand(args: string[]): string[] {
  return args.map((a) =>
    a === 'node' ? process.execPath : a.replace('/opt/tem', join(image, 'opt/tem')),
  );
}

/** The HEALTHCHECK's exec-form command. */
function healthCommand(): string[] {
  const check = dockerfile.match(/HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])/);
  if (!check) throw new Error('Dockerfile has no HEALTHCHECK CMD in exec form');
  return imageCommand(JSON.parse(check[1]!) as string[]);
}

describe('the container command, from the bundled runner alone', () => {
  it('runs `tem watch` as the image does, configured by env, through a whole task on two worker threads', async () => {
    const entrypoint = imageCommand(instruction(dockerfile, 'ENTRYPOINT'));
    const cmd = instruction(dockerfile, 'CMD');
    expect(entrypoint[0]).toBe(process.execPath);
    expect(cmd).toEqual(['watch']);
    const task = await local.createTask({ title: 'Container task' });
    const stateDir = await mkdtemp(join(tmpdir(), 'tem-data-'));
    const env = {
      NODE_ENV: 'production',
      TEM_STATE_DIR: stateDir,
      TEM_RPC_URL: local.chain.rpcUrl,
      TEM_MARKET_ADDRESS: local.market,
      TEM_GATEWAYS: local.gateway.url,
      TEM_PRIVATE_KEY: local.chain.accounts[ACCOUNTS.solver]!.privateKey,
      TEM_THREADS: '2',
      TEM_MAX_GENERATIONS: '2',
      TEM_SAFETY_MARGIN_SECONDS: '5',
      TEM_POLL_INTERVAL_MS: '150',
      TEM_ONCE: '1',
    };
    const runner = startTem([...entrypoint.slice(2), ...cmd], env, entrypoint.slice(1, 2));
    await runner.waitFor('committed');
    await local.chain.increaseTime(task.commitDeadline - (await local.chain.now()) + 1n);
    await runner.waitFor('scored');
    await local.chain.increaseTime(task.scoringDeadline - (await local.chain.now()) + 1n);
    expect(await runner.exited).toBe(0);
    expect(runner.events.map((e) => e.event)).toContain('withdrawn');

    const [node, ...args] = healthCommand();
    const healthy = await run(node!, args, { env: { TEM_STATE_DIR: stateDir } });
    expect(healthy.stdout).toMatch(/^healthy: /);
  });

  it('answers the HEALTHCHECK from the state volume', async () => {
    const command = healthCommand();
    const stateDir = await mkdtemp(join(tmpdir(), 'tem-data-'));
    const unhealthy = await run(command[0]!, command.slice(1), {
      env: { TEM_STATE_DIR: stateDir },
    }).catch((error: { code: number; stderr: string }) => error);
    expect((unhealthy as { code: number }).code).toBe(1);
    expect((unhealthy as { stderr: string }).stderr).toContain('unhealthy: no heartbeat');
  });
});
