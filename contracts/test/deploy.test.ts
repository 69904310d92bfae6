import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Wallet, encryptKeystoreJsonSync, id, keccak256 } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeploy } from '../scripts/deploy-cli.js';
import { contractsDir } from '../scripts/solc.js';
import { type AnvilChain, DeployError, loadTaskMarketArtifact, startAnvil } from '../src/index.js';

let chain: AnvilChain;
let out: string;
const quiet = () => undefined;

beforeAll(async () => {
  chain = await startAnvil();
  out = mkdtempSync(path.join(tmpdir(), 'tem-deploy-'));
});
afterAll(async () => {
  await chain?.stop();
  rmSync(out, { recursive: true, force: true });
});

describe('npm run deploy', () => {
  it('deploys with DEPLOYER_PRIVATE_KEY and records address, block and transaction', async () => {
    const key = chain.accounts[3]!.privateKey;
    const record = await runDeploy(
      ['--network', 'local', '--rpc', chain.rpcUrl, '--out', out],
      { DEPLOYER_PRIVATE_KEY: key },
      quiet,
    );
    expect(record.deployer).toBe(chain.accounts[3]!.address);
    const written = JSON.parse(readFileSync(path.join(out, '366.json'), 'utf8'));
    expect(written).toEqual(record);
    expect(keccak256(await chain.provider.getCode(record.address))).toBe(record.codeHash);
    expect((await chain.provider.getCode(record.address)).length).toBe(
      loadTaskMarketArtifact().deployedBytecode.length,
    );
    const tx = await chain.provider.getTransaction(record.tx);
    expect(tx?.type).toBe(0);
    expect(tx?.blockNumber).toBe(record.block);
  });

  it('deploys from an encrypted keystore with KEYSTORE_PASSWORD, never printing the key', async () => {
    const account = chain.accounts[4]!;
    const file = path.join(out, 'deployer.keystore.json');
    writeFileSync(
      file,
      encryptKeystoreJsonSync({ address: account.address, privateKey: account.privateKey }, 'pw', {
        scrypt: { N: 1024 },
      }),
    );
    const lines: string[] = [];
    const record = await runDeploy(
      [
        '--network',
        'local',
        '--rpc',
        chain.rpcUrl,
        '--keystore',
        file,
        '--out',
        out,
        '--gas-price',
        '7',
      ],
      { KEYSTORE_PASSWORD: 'pw' },
      (line) => lines.push(line),
    );
    expect(record.deployer).toBe(account.address);
    expect((await chain.provider.getTransaction(record.tx))?.gasPrice).toBe(7n * 10n ** 9n);
    expect(lines.join('\n')).not.toContain(account.privateKey.slice(2));
    await expect(
      runDeploy(
        ['--network', 'local', '--rpc', chain.rpcUrl, '--keystore', file],
        { KEYSTORE_PASSWORD: 'wrong' },
        quiet,
      ),
    ).rejects.toThrow(/cannot decrypt keystore/);
    await expect(
      runDeploy(['--network', 'local', '--rpc', chain.rpcUrl, '--keystore', file], {}, quiet),
    ).rejects.toThrow(/KEYSTORE_PASSWORD/);
  });

  it('deploys with the network’s minimum window, or the one given by --min-window', async () => {
    const key = chain.accounts[6]!.privateKey;
    const local = await runDeploy(
      ['--network', 'local', '--rpc', chain.rpcUrl, '--out', out],
      { DEPLOYER_PRIVATE_KEY: key },
      quiet,
    );
    expect(local.minWindow).toBe(5);
    const minWindowOf = (address: string) =>
      chain.provider.call({ to: address, data: '0x' + id('MIN_WINDOW()').slice(2, 10) });
    expect(BigInt(await minWindowOf(local.address))).toBe(5n);
    const custom = await runDeploy(
      ['--network', 'local', '--rpc', chain.rpcUrl, '--out', out, '--min-window', '600'],
      { DEPLOYER_PRIVATE_KEY: key },
      quiet,
    );
    expect(BigInt(await minWindowOf(custom.address))).toBe(600n);
    await expect(
      runDeploy(
        ['--network', 'local', '--rpc', chain.rpcUrl, '--min-window', '0'],
        { DEPLOYER_PRIVATE_KEY: key },
        quiet,
      ),
    ).rejects.toThrow(/--min-window must be 1 to 86400 seconds/);
  });

  it('refuses a network whose RPC serves another chain id, or that lacks a key', async () => {
    const key = new Wallet(chain.accounts[5]!.privateKey).privateKey;
    await expect(
      runDeploy(
        ['--network', 'theta-testnet', '--rpc', chain.rpcUrl],
        { DEPLOYER_PRIVATE_KEY: key },
        quiet,
      ),
    ).rejects.toThrow(/serves chain id 366, but theta-testnet is 365/);
    await expect(
      runDeploy(['--network', 'theta-mainnet', '--rpc', chain.rpcUrl], {}, quiet),
    ).rejects.toThrow(DeployError);
    await expect(runDeploy(['--network', 'moon'], {}, quiet)).rejects.toThrow(/--network must be/);
    await expect(runDeploy(['--network', 'local', '--bogus'], {}, quiet)).rejects.toThrow(/bogus/);
  });

  it('runs as the npm script and exits non-zero with a short message on bad input', () => {
    const bad = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(contractsDir, 'scripts/deploy.ts'), '--network', 'nowhere'],
      {
        encoding: 'utf8',
        cwd: contractsDir,
      },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^deploy: --network must be/);
    const good = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(contractsDir, 'scripts/deploy.ts'),
        '--network',
        'local',
        '--rpc',
        chain.rpcUrl,
        '--out',
        out,
      ],
      { encoding: 'utf8', cwd: contractsDir, env: { ...process.env, DEPLOYER_PRIVATE_KEY: '' } },
    );
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/TaskMarket 0x[0-9a-fA-F]{40} in block \d+/);
  }, 60_000);
});
