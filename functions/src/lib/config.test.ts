import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadConfig, requireVerifierKey } from './config.js';

const base = {
  THETA_RPC_URL: 'https://eth-rpc-api-testnet.thetatoken.org/rpc',
  TASK_MARKET_ADDRESS: '0x' + 'ab'.repeat(20),
  IPFS_GATEWAYS: 'https://trustless-gateway.link, http://127.0.0.1:8080/',
};
const key = '0x' + '5a'.repeat(32);

describe('loadConfig', () => {
  it('reads a complete environment with defaults', () => {
    const config = loadConfig({
      ...base,
      VERIFIER_PRIVATE_KEY: key.slice(2),
      SITE_ORIGIN: 'https://a.example',
    });
    expect(config.gateways).toEqual(['https://trustless-gateway.link', 'http://127.0.0.1:8080']);
    expect(config.siteOrigins).toEqual(['https://a.example']);
    expect(config.chainCacheTtlSeconds).toBe(5);
    expect(requireVerifierKey(config)).toEqual({ kind: 'private-key', privateKey: key });
  });

  it('names the variable at fault, never echoing a key', () => {
    const cases: [Record<string, string>, string][] = [
      [{ THETA_RPC_URL: '' }, 'THETA_RPC_URL'],
      [{ THETA_RPC_URL: 'ftp://x' }, 'THETA_RPC_URL'],
      [{ TASK_MARKET_ADDRESS: '0x12' }, 'TASK_MARKET_ADDRESS'],
      [{ IPFS_GATEWAYS: ' , ' }, 'IPFS_GATEWAYS'],
      [{ IPFS_GATEWAYS: 'not a url' }, 'IPFS_GATEWAYS'],
      [{ THETA_RPC_URL: 'rpc.example/v1/5a5a5a-api-key' }, 'THETA_RPC_URL'],
      [{ SITE_ORIGIN: 'https://a.example/path' }, 'SITE_ORIGIN'],
      [{ CHAIN_CACHE_TTL_SECONDS: 'soon' }, 'CHAIN_CACHE_TTL_SECONDS'],
      [{ SCORING_CONCURRENCY: '0' }, 'SCORING_CONCURRENCY'],
      [{ VERIFIER_PRIVATE_KEY: key + 'ff' }, 'VERIFIER_PRIVATE_KEY'],
      [{ VERIFIER_KEYSTORE: '/tmp/k.json' }, 'VERIFIER_KEYSTORE_PASSWORD'],
    ];
    for (const [env, variable] of cases) {
      let error: unknown;
      try {
        loadConfig({ ...base, ...env });
      } catch (e) {
        error = e;
      }
      expect(error, variable).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).not.toContain('5a5a5a');
    }
  });

  it('requires a verifier key only for verification', () => {
    const config = loadConfig(base);
    expect(config.verifierKey).toBeUndefined();
    expect(() => requireVerifierKey(config)).toThrow(/VERIFIER_PRIVATE_KEY/);
  });
});
