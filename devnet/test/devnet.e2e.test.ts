import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JsonRpcProvider, Wallet, parseEther } from 'ethers';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anvilBinary } from '@tem/contracts';
import { createMarketClient, getTask } from '@tem/core/market';
import { devPrivateKey } from '../src/chain.js';
import { freePort, isPortFree } from '../src/ports.js';
import { groupAlive, runStart } from './run-start.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const RUNNER = new Wallet(devPrivateKey('runner')).address;
const GAS_ALLOWANCE = parseEther('0.01');
const INITIAL_BALANCE = parseEther('10000');

let dataDir: string;
let env: NodeJS.ProcessEnv;
let ports: number[];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tem-devnet-'));
  ports = [await freePort(), await freePort(), await freePort()];
  env = {
    TEM_DEVNET_DIR: dataDir,
    TEM_ANVIL_PORT: String(ports[0]),
    TEM_GATEWAY_PORT: String(ports[1]),
    TEM_FUNCTIONS_PORT: String(ports[2]),
  };
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function expectNoOrphans(pids: number[]) {
  // anvil, gateway, functions, and the runner once the demo started
  expect(pids.length).toBeGreaterThanOrEqual(3);
  for (const pid of pids) expect(groupAlive(pid), `process group ${pid}`).toBe(false);
  for (const port of ports) expect(await isPortFree(port), `port ${port}`).toBe(true);
}

/** Reads the saved chain with a throwaway anvil (proves the state was persisted, too). */
async function readSavedChain<T>(read: (provider: JsonRpcProvider) => Promise<T>): Promise<T> {
  const port = await freePort();
  const anvil = spawn(
    anvilBinary(),
    [
      '--port',
      String(port),
      '--chain-id',
      '366',
      '--hardfork',
      'istanbul',
      '--load-state',
      path.join(dataDir, 'chain/state.json'),
    ],
    { stdio: 'ignore' },
  );
  const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, 366, { staticNetwork: true });
  try {
    for (let i = 0; ; i++) {
      try {
        await provider.getBlockNumber();
        break;
      } catch (error) {
        if (i > 100) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return await read(provider);
  } finally {
    provider.destroy();
    anvil.kill('SIGKILL');
  }
}

describe('npm start: the whole marketplace on one machine', () => {
  it('names the port and its env var when a port is taken, without a stack trace', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(ports[1], '127.0.0.1', () => r()));
    try {
      const start = runStart(['--once'], env);
      expect(await start.exited).toBe(1);
      expect(start.output()).toContain(
        `port ${ports[1]} for the IPFS gateway is already in use; stop what uses it or set TEM_GATEWAY_PORT to another port`,
      );
      expect(start.output()).toContain("failed at step 'ports'");
      expect(start.output()).not.toMatch(/^\s+at /m);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 60_000);

  it('runs the demo to its payout, shows the finished task on the site, and leaves nothing after SIGINT', async () => {
    const start = runStart(['--fresh'], env);
    try {
      // --fresh: no build of the site yet, so it is built first.
      await start.waitFor(/building the site \(there is no build yet\)/, 60_000);
      await start.waitFor(/built the site into /, 120_000);
      const [, siteUrl] = await start.waitFor(/site\s+(http:\S+\/ipfs\/\S+\/)/, 120_000);
      const [, score] = await start.waitFor(/task #1: submission #1 scored (\d+)/, 180_000);
      await start.waitFor(/The marketplace keeps running/, 60_000);
      const [, delta] = /its balance changed by ([\d.]+) TFuel/.exec(start.output())!;
      const gained = parseEther(delta!);
      expect(gained).toBeLessThan(parseEther('1'));
      expect(gained).toBeGreaterThan(parseEther('1') - GAS_ALLOWANCE);
      for (const step of [
        'accepted',
        'committed submission',
        'revealed',
        'recorded',
        'won: withdrew',
      ])
        expect(start.output()).toContain(step);

      const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: CHROMIUM_ARGS,
      });
      try {
        const page = await browser.newPage();
        await page.goto(`${siteUrl}#/tasks/1`);
        const row = page.locator('tr[data-submission-id="1"]');
        await row.waitFor({ timeout: 30_000 });
        await expect
          .poll(() => page.locator('.task-summary').textContent(), { timeout: 20_000 })
          .toContain('Finalized');
        expect(await row.locator('.score [data-score]').getAttribute('data-score')).toBe(score);
        expect(await row.textContent()).toContain('Scored (best)');
      } finally {
        await browser.close();
      }

      const pids = start.childPids();
      start.child.kill('SIGINT');
      expect(await start.exited).toBe(0);
      await expectNoOrphans(pids);
      expect(existsSync(path.join(dataDir, 'chain/state.json'))).toBe(true);
      expect(existsSync(path.join(dataDir, 'deployment.json'))).toBe(true);
    } finally {
      start.child.kill('SIGKILL');
    }
  }, 300_000);

  it('reuses the saved chain and deployment with --once, pays the winner, and exits 0', async () => {
    const start = runStart(['--once'], env);
    expect(await start.exited, start.output()).toBe(0);
    expect(start.output()).toMatch(/TaskMarket 0x[0-9a-fA-F]{40} \(reused from block/);
    expect(start.output()).toContain('demo task #2');
    expect(start.output()).toMatch(
      /Paid: runner \(0x3C44…93BC\) won task #2 and withdrew 1\.0 TFuel/,
    );
    await expectNoOrphans(start.childPids());

    const deployment = JSON.parse(
      await readFile(path.join(dataDir, 'deployment.json'), 'utf8'),
    ) as { address: string };
    const { balance, task } = await readSavedChain(async (provider) => ({
      balance: await provider.getBalance(RUNNER),
      task: await getTask(createMarketClient({ address: deployment.address, provider }), {
        taskId: 2n,
      }),
    }));
    expect(task.state).toBe('finalized');
    // Two demos, two bounties of 1 TFuel, less the runner's gas.
    expect(balance).toBeLessThan(INITIAL_BALANCE + parseEther('2'));
    expect(balance).toBeGreaterThan(INITIAL_BALANCE + parseEther('2') - 2n * GAS_ALLOWANCE);
  }, 300_000);

  it('names a killed child, stops everything else, and exits non-zero', async () => {
    const start = runStart([], env);
    try {
      const [, pid] = await start.waitFor(/gateway\s+pid (\d+)/, 60_000);
      await start.waitFor(/site\s+http/, 60_000);
      process.kill(Number(pid), 'SIGKILL');
      expect(await start.exited).toBe(1);
      expect(start.output()).toContain('gateway: exited unexpectedly (signal SIGKILL)');
      expect(start.output()).toContain("failed at step 'gateway'");
      await expectNoOrphans(start.childPids());
    } finally {
      start.child.kill('SIGKILL');
    }
  }, 120_000);
});
