import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cspMeta, SiteFilesError, writeSiteFiles } from '../scripts/site-files.js';
import {
  DEFAULT_SITE_CONFIG,
  contentSecurityPolicy,
  parseSiteConfig,
} from '../src/config/index.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function builtSite(html: string): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), 'tem-site-files-'));
  await writeFile(path.join(dir, 'index.html'), html);
  return dir;
}

describe('writeSiteFiles', () => {
  it('rewrites a built site for another configuration: config.json, the CSP <meta>, _headers', async () => {
    const site = await builtSite(`<head>\n    ${cspMeta(DEFAULT_SITE_CONFIG)}\n</head>`);
    const local = parseSiteConfig({ chainId: 366, rpcUrl: 'http://127.0.0.1:8545' });
    await writeSiteFiles(site, local);
    expect(JSON.parse(await readFile(path.join(site, 'config.json'), 'utf8'))).toEqual(local);
    const html = await readFile(path.join(site, 'index.html'), 'utf8');
    expect(html).toContain(contentSecurityPolicy(local, { meta: true }));
    expect(html).not.toContain('https://eth-rpc-api.thetatoken.org');
    expect(await readFile(path.join(site, '_headers'), 'utf8')).toContain(
      contentSecurityPolicy(local),
    );
  });

  it('refuses a folder whose index.html has no CSP to replace, and writes nothing', async () => {
    const site = await builtSite('<head></head>');
    await expect(writeSiteFiles(site, DEFAULT_SITE_CONFIG)).rejects.toThrow(SiteFilesError);
    await expect(readFile(path.join(site, 'config.json'))).rejects.toThrow();
  });
});
