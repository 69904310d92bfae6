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
