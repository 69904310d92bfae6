import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SITE_CONFIG,
  connectOrigins,
  contentSecurityPolicy,
  netlifyHeadersFile,
  parseSiteConfig,
} from './index.js';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );
}

const local = parseSiteConfig({
  chainId: 366,
  rpcUrl: 'http://127.0.0.1:8545',
  gateways: ['http://127.0.0.1:8080'],
  uploadUrl: 'http://127.0.0.1:8080',
  functionsUrl: 'http://127.0.0.1:8888',
  verifier: {
    url: 'http://127.0.0.1:9999/api/verify',
    address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  },
});

describe('contentSecurityPolicy', () => {
  it('connects to exactly the mainnet defaults: the RPC and every default gateway', () => {
    const policy = directives(contentSecurityPolicy(DEFAULT_SITE_CONFIG));
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      'https://eth-rpc-api.thetatoken.org',
      ...DEFAULT_SITE_CONFIG.gateways,
    ]);
    expect(policy.get('connect-src')).toContain('https://trustless-gateway.link');
    expect(policy.has('upgrade-insecure-requests')).toBe(true);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('connects to a local stack over http, without upgrading requests', () => {
    const policy = directives(contentSecurityPolicy(local));
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:8545',
      'http://127.0.0.1:8080',
      'http://127.0.0.1:8888',
      'http://127.0.0.1:9999',
    ]);
    // The deployment's verifiers are asked for signed scores; a spec's other verifiers never are.
    expect(connectOrigins(local)).toContain('http://127.0.0.1:9999');
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('is strict: no inline code, eval, wildcard or bare scheme', () => {
    for (const config of [DEFAULT_SITE_CONFIG, local]) {
      const policy = directives(contentSecurityPolicy(config));
      expect(policy.get('default-src')).toEqual(["'none'"]);
      expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
      expect(policy.get('object-src')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'self'"]);
      const all = [...policy.values()].flat();
      expect(all).not.toContain("'unsafe-inline'");
      expect(all).not.toContain("'unsafe-eval'");
      expect(all).not.toContain('*');
      expect(all.filter((source) => /^(https?|wss?):$/.test(source))).toEqual([]);
    }
  });

  it('leaves frame-ancestors out of a <meta> policy, which cannot carry it', () => {
    expect(contentSecurityPolicy(local, { meta: true })).not.toContain('frame-ancestors');
  });

  it("writes Netlify's _headers with the same policy for every path", () => {
    expect(netlifyHeadersFile(local)).toContain(
      `/*\n  Content-Security-Policy: ${contentSecurityPolicy(local)}\n`,
    );
  });
});
