import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunnerConfigError, resolveRunnerConfig, type RunnerConfig } from './index.js';

const defaults: Partial<RunnerConfig> = {
  gateways: ['http://127.0.0.1:8080'],
  storage: { kind: 'gateway', url: 'http://127.0.0.1:8080' },
  stateDir: '.tem',
  minBountyWei: '0',
  threads: 2,
  safetyMarginSeconds: 30,
  pollIntervalMs: 2000,
  once: false,
  maxGenerations: 0,
};
const market = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

async function dir() {
  return mkdtemp(join(tmpdir(), 'tem-config-'));
}

describe('runner configuration', () => {
  it('takes flags over the config file over env vars over defaults', async () => {
    const cwd = await dir();
    await writeFile(
      join(cwd, 'tem.config.json'),
      JSON.stringify({ threads: 3, rpcUrl: 'http://file:8545' }),
    );
    const config = await resolveRunnerConfig({
      cwd,
      defaults,
      flags: { threads: 4 },
      env: {
        TEM_RPC_URL: 'http://env:8545',
        TEM_MARKET_ADDRESS: market,
        TEM_THREADS: '1',
        TEM_GATEWAYS: 'http://a:1, http://b:2',
        TEM_STORAGE: 'kubo=http://127.0.0.1:5001',
      },
    });
    expect(config).toMatchObject({
      threads: 4,
      rpcUrl: 'http://file:8545',
      market,
      gateways: ['http://a:1', 'http://b:2'],
      storage: { kind: 'kubo', url: 'http://127.0.0.1:5001' },
      stateDir: join(cwd, '.tem'),
    });
  });

  it('names the missing setting and how to set it', async () => {
    const error = await resolveRunnerConfig({
      cwd: await dir(),
      defaults,
      flags: {},
      env: {},
    }).catch((e) => e);
    expect(error).toBeInstanceOf(RunnerConfigError);
    expect(error.message).toContain('rpcUrl');
    expect(error.message).toContain('TEM_RPC_URL');
    expect(error.message).toContain('market');
  });

  it('names the source of a bad value', async () => {
    const error = await resolveRunnerConfig({
      cwd: await dir(),
      defaults,
      flags: {},
      env: { TEM_RPC_URL: 'http://x:1', TEM_MARKET_ADDRESS: '0x12', TEM_THREADS: 'many' },
    }).catch((e) => e);
    expect(error.message).toMatch(
      /market: must be a 0x contract address \(from TEM_MARKET_ADDRESS\)/,
    );
    expect(error.message).toMatch(/threads: .*\(from TEM_THREADS\)/);
  });

  it('reads trusted verifiers and a payee from env, file or flags; none trusted by default', async () => {
    const verifier = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720';
    const base = { TEM_RPC_URL: 'http://x:1', TEM_MARKET_ADDRESS: market };
    const none = await resolveRunnerConfig({ cwd: await dir(), defaults, flags: {}, env: base });
    expect(none.trustedVerifiers).toEqual([]);
    expect(none.payee).toBeUndefined();
    const fromEnv = await resolveRunnerConfig({
      cwd: await dir(),
      defaults,
      flags: {},
      env: { ...base, TEM_TRUSTED_VERIFIERS: `${verifier}, ${market}`, TEM_PAYEE: verifier },
    });
    expect(fromEnv).toMatchObject({ trustedVerifiers: [verifier, market], payee: verifier });
    const error = await resolveRunnerConfig({
      cwd: await dir(),
      defaults,
      flags: { trustedVerifiers: ['0x12'] },
      env: base,
    }).catch((e) => e);
    expect(error.message).toMatch(/trustedVerifiers\.0: must be a 0x address \(from flag\)/);
  });

  it('refuses a config file that holds a secret', async () => {
    const cwd = await dir();
    await writeFile(join(cwd, 'tem.config.json'), JSON.stringify({ privateKey: '0xabc' }));
    await expect(resolveRunnerConfig({ cwd, defaults, flags: {}, env: {} })).rejects.toThrow(
      /secrets belong in env vars or a keystore/,
    );
  });

  it('reports a config file that is not JSON, or missing when named', async () => {
    const cwd = await dir();
    await writeFile(join(cwd, 'bad.json'), '{ threads: 2 ');
    await expect(
      resolveRunnerConfig({ cwd, defaults, flags: {}, env: {}, configPath: 'bad.json' }),
    ).rejects.toThrow(/bad\.json is not JSON/);
    await expect(
      resolveRunnerConfig({ cwd, defaults, flags: {}, env: {}, configPath: 'nope.json' }),
    ).rejects.toThrow(/cannot read config file .*nope\.json: ENOENT/);
  });

  it('rejects unknown settings in the config file', async () => {
    const cwd = await dir();
    await writeFile(
      join(cwd, 'tem.config.json'),
      JSON.stringify({ rpcUrl: 'http://x:1', market, thread: 2 }),
    );
    await expect(resolveRunnerConfig({ cwd, defaults, flags: {}, env: {} })).rejects.toThrow(
      /thread/,
    );
  });
});
