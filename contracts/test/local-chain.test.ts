import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnvilChain,
  DEV_MNEMONIC,
  LOCAL_CHAIN_ID,
  deployTaskMarket,
  startAnvil,
} from '../src/index.js';

describe('startAnvil', () => {
  let chain: AnvilChain;
  beforeAll(async () => {
    chain = await startAnvil();
  });
  afterAll(async () => {
    await chain?.stop();
  });

  it('serves chain id 366 on a free port with funded dev accounts', async () => {
    expect(chain.chainId).toBe(LOCAL_CHAIN_ID);
    expect(chain.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number((await chain.provider.getNetwork()).chainId)).toBe(366);
    expect(chain.accounts).toHaveLength(10);
    expect(chain.accounts[0]?.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(await chain.provider.getBalance(chain.accounts[9]!.address)).toBe(10_000n * 10n ** 18n);
    expect(DEV_MNEMONIC.split(' ')).toHaveLength(12);
  });

  it('runs the istanbul hardfork: code using PUSH0 fails', async () => {
    const wallet = chain.wallet(1);
    // Init code PUSH0 PUSH0 RETURN: valid from Shanghai on, an invalid opcode on istanbul.
    const bad = await wallet.sendTransaction({ data: '0x5f5ff3', gasLimit: 100_000n });
    await expect(bad.wait()).rejects.toThrow(/reverted|CALL_EXCEPTION/);
    expect((await chain.provider.getTransactionReceipt(bad.hash))?.status).toBe(0);
    // The same without PUSH0 (PUSH1 0 PUSH1 0 RETURN) deploys.
    const tx = await wallet.sendTransaction({ data: '0x60006000f3', gasLimit: 100_000n });
    expect((await tx.wait())?.status).toBe(1);
  });

  it('uses legacy transactions (no base fee on istanbul)', async () => {
    const block = await chain.provider.getBlock('latest');
    expect(block?.baseFeePerGas).toBeNull();
  });

  it('travels in time, snapshots and reverts', async () => {
    const before = await chain.now();
    const snapshot = await chain.snapshot();
    await chain.increaseTime(3600);
    expect((await chain.now()) - before).toBeGreaterThanOrEqual(3600n);
    await chain.setBalance(chain.accounts[5]!.address, 7n);
    expect(await chain.provider.getBalance(chain.accounts[5]!.address)).toBe(7n);
    await chain.revert(snapshot);
    expect((await chain.now()) - before).toBeLessThan(3600n);
    expect(await chain.provider.getBalance(chain.accounts[5]!.address)).toBe(10_000n * 10n ** 18n);
  });

  it('deploys TaskMarket and reports address, block and transaction', async () => {
    const deployment = await deployTaskMarket(chain.wallet(0));
    expect(deployment.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    const receipt = await chain.provider.getTransactionReceipt(deployment.tx);
    expect(receipt?.blockNumber).toBe(deployment.block);
    expect(receipt?.contractAddress).toBe(deployment.address);
  });

  it('stops: the port no longer answers and stop() can be called twice', async () => {
    const other = await startAnvil();
    expect(other.rpcUrl).not.toBe(chain.rpcUrl);
    await other.stop();
    await other.stop();
    await expect(fetch(other.rpcUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});

describe('anvil cleanup', () => {
  const script = `
    import { startAnvil } from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).pathname)};
    const chain = await startAnvil();
    console.log(chain.pid);
    if (process.argv.includes('exit')) process.exit(0);
    setInterval(() => {}, 1000);
  `;
  /** Whether `pid` runs (a zombie, killed but not yet reaped by init, counts as dead). */
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return true;
    }
  };

  async function runOwner(mode: 'exit' | 'sigterm'): Promise<number> {
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, mode],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<[number | null, string | null]>((resolve) =>
      child.once('exit', (c, s) => resolve([c, s])),
    );
    const pid = await new Promise<number>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    expect(pid).toBeGreaterThan(0);
    if (mode === 'sigterm') {
      expect(alive(pid)).toBe(true);
      child.kill('SIGTERM');
    }
    const [code, signal] = await exited;
    expect(mode === 'exit' ? code : signal).toBe(mode === 'exit' ? 0 : 'SIGTERM');
    return pid;
  }

  it('kills anvil when the owning process exits without stop()', async () => {
    const pid = await runOwner('exit');
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(pid)).toBe(false);
  }, 30_000);

  it('kills anvil when the owning process gets SIGTERM, which still ends the process', async () => {
    const pid = await runOwner('sigterm');
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(pid)).toBe(false);
  }, 30_000);
});
