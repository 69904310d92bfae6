/**
 * Writes what makes a built site one deployment: `config.json`, the Content-Security-Policy
 * in `index.html` that allows exactly what that configuration reaches, and Netlify's `_headers`
 * with the same policy. The build calls it with the configuration from the environment; the
 * local stack and the tests call it again on their copy with their own configuration.
 *
 * @example
 * await writeSiteFiles('.devnet/site', { ...DEFAULT_SITE_CONFIG, rpcUrl: 'http://127.0.0.1:8545' });
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy, netlifyHeadersFile } from '../src/config/site-csp.js';
import type { SiteConfig } from '../src/config/site-config.js';

/** The CSP `<meta>` element of index.html, as the build writes it. */
const CSP_META = /<meta http-equiv="Content-Security-Policy" content="[^"]*" \/>/;

/** The `<meta>` element carrying `config`'s policy. */
export function cspMeta(config: SiteConfig): string {
  return `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(config, { meta: true })}" />`;
}

/** A built site folder without the CSP element the build writes into index.html. */
export class SiteFilesError extends Error {
  override name = 'SiteFilesError';
}

/** Writes config.json, index.html's CSP and `_headers` into the built site folder `dir`. */
export async function writeSiteFiles(dir: string, config: SiteConfig): Promise<void> {
  const indexFile = path.join(dir, 'index.html');
  const html = await readFile(indexFile, 'utf8');
  if (!CSP_META.test(html)) {
    throw new SiteFilesError(`${indexFile} has no Content-Security-Policy <meta> to replace`);
  }
  await writeFile(indexFile, html.replace(CSP_META, cspMeta(config)));
  await writeFile(path.join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  await writeFile(path.join(dir, '_headers'), netlifyHeadersFile(config));
}
