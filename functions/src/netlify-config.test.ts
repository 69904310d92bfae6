import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS_DIST_DIR, functionEntries } from '../scripts/build.js';
import { config as notFoundConfig } from './not-found.js';
import { config as seedConfig } from './seed.js';
import { config as taskConfig } from './task.js';
import { config as tasksConfig } from './tasks.js';
import { REPO_ROOT } from '@tem/testkit/paths';
import { config as verifyConfig } from './verify.js';

interface NetlifyToml {
  build: { command: string; publish: string; environment: Record<string, string> };
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
  { name: 'seed', path: seedConfig.path },
];

describe('netlify.toml', () => {
  it('builds the site, then the function bundles, and publishes web/dist on Node 22', () => {
    expect(toml.build.command).toBe('npm run build -w web && npm run build -w functions');
    expect(toml.build.publish).toBe('web/dist');
    expect(toml.build.environment.NODE_VERSION).toBe('22');
  });

  it('deploys the pre-built bundles, one entry per handler module', async () => {
    expect(toml.functions.directory).toBe(path.relative(REPO_ROOT, FUNCTIONS_DIST_DIR));
    expect(toml.functions.node_bundler).toBe('nft');
    const entries = (await functionEntries()).map((e) => path.basename(e));
    expect(entries).toEqual(['not-found.ts', 'seed.ts', 'task.ts', 'tasks.ts', 'verify.ts']);
    for (const entry of entries) {
      const text = await readFile(path.join(REPO_ROOT, 'functions/netlify', entry), 'utf8');
      // The entry is the composition root: it builds its module's handler (over process.env).
      expect(text).toContain(`from '../src/${entry.replace(/\.ts$/, '.js')}'`);
      expect(text).toMatch(/^export default \w+\((processServices\(\))?\);$/m);
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
    expect(toml.redirects.filter((r) => r.from.startsWith('/api'))).toHaveLength(5);
  });

  it('leaves the Content-Security-Policy to the _headers file the site build writes', () => {
    const values = toml.headers.find((h) => h.for === '/*')!.values;
    expect(values['Content-Security-Policy']).toBeUndefined();
  });

  it('sets the other security headers', () => {
    const values = toml.headers.find((h) => h.for === '/*')!.values;
    expect(values['Referrer-Policy']).toBe('no-referrer');
    expect(values['X-Content-Type-Options']).toBe('nosniff');
    expect(values['X-Frame-Options']).toBe('DENY');
  });
});
