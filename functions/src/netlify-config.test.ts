import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { thetaMainnet, thetaTestnet } from '@tem/core/market';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { config as notFoundConfig } from './not-found.js';
import { config as taskConfig } from './task.js';
import { config as tasksConfig } from './tasks.js';
import { REPO_ROOT } from './testing/market-fixture.js';
import { config as verifyConfig } from './verify.js';

interface NetlifyToml {
  build: { command: string; publish: string };
  functions: { directory: string; node_bundler: string };
  redirects: { from: string; to: string; status: number; force: boolean }[];
  headers: { for: string; values: Record<string, string> }[];
}

const toml = parse(
  await readFile(path.join(REPO_ROOT, 'netlify.toml'), 'utf8'),
) as unknown as NetlifyToml;

/** The function each module is deployed as, and its route. */
const FUNCTIONS = [
  { name: 'tasks', path: tasksConfig.path },
  { name: 'task', path: taskConfig.path },
  { name: 'verify', path: verifyConfig.path },
];

function csp(): Map<string, string[]> {
  const site = toml.headers.find((h) => h.for === '/*');
  const value = site?.values['Content-Security-Policy'] ?? '';
  return new Map(
    value
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('netlify.toml', () => {
  it('builds the site and publishes web/dist', () => {
    expect(toml.build.command).toBe('npm run build -w web');
    expect(toml.build.publish).toBe('web/dist');
  });

  it('bundles the function entries with esbuild, one entry per handler module', async () => {
    expect(toml.functions.node_bundler).toBe('esbuild');
    const entries = (await readdir(path.join(REPO_ROOT, toml.functions.directory))).sort();
    expect(entries).toEqual(['not-found.ts', 'task.ts', 'tasks.ts', 'verify.ts']);
    for (const entry of entries) {
      const text = await readFile(path.join(REPO_ROOT, toml.functions.directory, entry), 'utf8');
      expect(text).toContain(`export { default } from '../src/${entry.replace(/\.ts$/, '.js')}'`);
    }
  });

  it('routes each function config.path under /api, and every other /api path to a 404 function', () => {
    for (const fn of FUNCTIONS) {
      const rule = toml.redirects.find((r) => r.from === fn.path);
      expect(rule, fn.path).toBeDefined();
      expect(rule!.to.split('?')[0]).toBe(`/.netlify/functions/${fn.name}`);
      for (const param of fn.path.match(/:\w+/g) ?? [])
        expect(rule!.to).toContain(`${param.slice(1)}=${param}`);
      expect(rule!.status).toBe(200);
      expect(rule!.force).toBe(true);
    }
    const last = toml.redirects.at(-1)!;
    expect(last.from).toBe(notFoundConfig.path);
    expect(last.to).toBe('/.netlify/functions/not-found');
    expect(toml.redirects.filter((r) => r.from.startsWith('/api'))).toHaveLength(4);
  });

  it('sends a strict Content-Security-Policy that allows what the site needs and nothing else', () => {
    const policy = csp();
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    const connect = policy.get('connect-src') ?? [];
    expect(connect[0]).toBe("'self'");
    for (const rpc of [...thetaMainnet.rpcUrls, ...thetaTestnet.rpcUrls]) {
      expect(connect).toContain(new URL(rpc).origin);
    }
    const all = [...policy.values()].flat();
    expect(all).not.toContain("'unsafe-inline'");
    expect(all).not.toContain("'unsafe-eval'");
    expect(all).not.toContain('*');
    // No bare schemes: every remote source is a named origin.
    expect(all.filter((source) => /^(https?|wss?):$/.test(source))).toEqual([]);
  });

  it('sets the other security headers', () => {
    const values = toml.headers.find((h) => h.for === '/*')!.values;
    expect(values['Referrer-Policy']).toBe('no-referrer');
    expect(values['X-Content-Type-Options']).toBe('nosniff');
    expect(values['X-Frame-Options']).toBe('DENY');
  });
});
