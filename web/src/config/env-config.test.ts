import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_CONFIG, SiteEnvError, siteConfigFromEnv } from './index.js';

describe('siteConfigFromEnv', () => {
  it('gives the Theta mainnet defaults when nothing is set', () => {
    expect(siteConfigFromEnv({})).toEqual(DEFAULT_SITE_CONFIG);
    expect(siteConfigFromEnv({ TEM_SITE_GATEWAYS: ' ', THETA_RPC_URL: 'https://x' })).toEqual(
      DEFAULT_SITE_CONFIG,
    );
  });

  it('knows the testnet RPC and takes every field from its variable', () => {
    const config = siteConfigFromEnv({
      TEM_SITE_CHAIN_ID: '365',
      TEM_SITE_MARKET_ADDRESS: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      TEM_SITE_DEPLOY_BLOCK: '1234',
      TEM_SITE_GATEWAYS: 'https://gw.example, https://ipfs.io',
      TEM_SITE_FUNCTIONS_URL: 'https://tem.netlify.app',
      TEM_SITE_VERIFIER_URL: 'https://tem.netlify.app/api/verify',
      TEM_SITE_VERIFIER_ADDRESS: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    });
    expect(config).toEqual({
      ...DEFAULT_SITE_CONFIG,
      chainId: 365,
      rpcUrl: 'https://eth-rpc-api-testnet.thetatoken.org/rpc',
      marketAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      deployBlock: 1234,
      gateways: ['https://gw.example', 'https://ipfs.io'],
      linkGateway: 'https://gw.example',
      functionsUrl: 'https://tem.netlify.app',
      verifiers: [
        {
          url: 'https://tem.netlify.app/api/verify',
          address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
        },
      ],
    });
  });

  it('takes several verifiers as two comma lists of the same length', () => {
    const config = siteConfigFromEnv({
      TEM_SITE_VERIFIER_URL: 'https://a.example/api/verify, https://b.example/api/verify',
      TEM_SITE_VERIFIER_ADDRESS: `0x${'1'.repeat(40)},0x${'2'.repeat(40)}`,
    });
    expect(config.verifiers).toEqual([
      { url: 'https://a.example/api/verify', address: `0x${'1'.repeat(40)}` },
      { url: 'https://b.example/api/verify', address: `0x${'2'.repeat(40)}` },
    ]);
  });

  it.each([
    [{ TEM_SITE_CHAIN_ID: '366' }, 'TEM_SITE_RPC_URL'],
    [{ TEM_SITE_CHAIN_ID: 'mainnet' }, 'TEM_SITE_CHAIN_ID'],
    [{ TEM_SITE_RPC_URL: 'ftp://x' }, 'TEM_SITE_RPC_URL'],
    [{ TEM_SITE_MARKET_ADDRESS: '0x12' }, 'TEM_SITE_MARKET_ADDRESS'],
    [{ TEM_SITE_DEPLOY_BLOCK: '-1' }, 'TEM_SITE_DEPLOY_BLOCK'],
    [{ TEM_SITE_GATEWAYS: 'https://a,javascript:alert(1)' }, 'TEM_SITE_GATEWAYS'],
    [{ TEM_SITE_FUNCTIONS_URL: 'nope' }, 'TEM_SITE_FUNCTIONS_URL'],
    [{ TEM_SITE_VERIFIER_URL: 'https://v' }, 'TEM_SITE_VERIFIER_ADDRESS'],
    [
      { TEM_SITE_VERIFIER_URL: 'https://v', TEM_SITE_VERIFIER_ADDRESS: 'nope' },
      'TEM_SITE_VERIFIER_ADDRESS',
    ],
    [
      {
        TEM_SITE_VERIFIER_URL: 'https://a,https://b',
        TEM_SITE_VERIFIER_ADDRESS: `0x${'1'.repeat(40)}`,
      },
      'TEM_SITE_VERIFIER_ADDRESS',
    ],
    [
      {
        TEM_SITE_VERIFIER_URL: 'https://a,javascript:x',
        TEM_SITE_VERIFIER_ADDRESS: `0x${'1'.repeat(40)},0x${'2'.repeat(40)}`,
      },
      'TEM_SITE_VERIFIER_URL',
    ],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => siteConfigFromEnv(env)).toThrow(SiteEnvError);
    expect(() => siteConfigFromEnv(env)).toThrow(new RegExp(`^${variable}: `));
  });
});
