import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_CONFIG, SiteConfigError, parseSiteConfig } from './index.js';

describe('parseSiteConfig', () => {
  it('fills missing fields with the Theta defaults', () => {
    expect(parseSiteConfig({})).toEqual(DEFAULT_SITE_CONFIG);
    expect(DEFAULT_SITE_CONFIG.chainId).toBe(361);
  });
  it('accepts a local stack configuration', () => {
    const config = parseSiteConfig({
      chainId: 366,
      rpcUrl: 'http://127.0.0.1:8545/',
      marketAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      gateways: ['http://127.0.0.1:8080'],
      uploadUrl: 'http://127.0.0.1:8080',
      functionsUrl: null,
      verifier: {
        url: 'http://127.0.0.1:8888/api/verify',
        address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      },
    });
    expect(config.rpcUrl).toBe('http://127.0.0.1:8545');
    expect(config.chainId).toBe(366);
    expect(config.verifiers).toEqual([
      {
        url: 'http://127.0.0.1:8888/api/verify',
        address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      },
    ]);
  });
  it('lists several verifiers', () => {
    const verifiers = [
      { url: 'http://127.0.0.1:8891/api/verify', address: `0x${'1'.repeat(40)}` },
      { url: 'http://127.0.0.1:8892/api/verify', address: `0x${'2'.repeat(40)}` },
    ];
    expect(parseSiteConfig({ verifiers }).verifiers).toEqual(verifiers);
    expect(parseSiteConfig({ verifiers: [] }).verifiers).toEqual([]);
  });
  it.each([
    [null, 'object'],
    [[], 'object'],
    [{ chainId: -1 }, 'chainId'],
    [{ rpcUrl: 'javascript:alert(1)' }, 'rpcUrl'],
    [{ marketAddress: '0x12' }, 'marketAddress'],
    [{ gateways: [] }, 'gateways'],
    [{ gateways: ['ftp://x'] }, 'gateways.0'],
    [{ verifier: { url: 'https://v', address: 'nope' } }, 'verifier.address'],
    [{ verifiers: [{ url: 'javascript:x', address: `0x${'1'.repeat(40)}` }] }, 'verifiers.0.url'],
    [
      {
        verifiers: [
          { url: 'https://a', address: `0x${'a'.repeat(40)}` },
          { url: 'https://b', address: `0x${'A'.repeat(40)}` },
        ],
      },
      'verifiers.1.address is listed twice',
    ],
    [{ verifiers: Array(8).fill({ url: 'https://a', address: `0x${'1'.repeat(40)}` }) }, '0 to 7'],
    [{ verifiers: [], verifier: { url: 'https://a', address: `0x${'1'.repeat(40)}` } }, 'not both'],
  ])('rejects %j naming %s', (value, field) => {
    expect(() => parseSiteConfig(value)).toThrow(SiteConfigError);
    expect(() => parseSiteConfig(value)).toThrow(field);
  });
});
