import { cp, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { localGatewayStore } from '@tem/core/ipfs';
import { contentFromPath } from '@tem/gateway';
import { parseSiteConfig } from '@tem/web/config';
import { writeSiteFiles } from '@tem/web/site-files';
import { DevnetError } from './errors.js';

/** The fields of the site's `config.json` (see web/README.md). */
export interface SiteConfig {
  chainId: number;
  rpcUrl: string;
  marketAddress: string;
  deployBlock: number;
  gateways: string[];
  uploadUrl: string | null;
  functionsUrl: string | null;
  /** Every verifier the demo runs: the site asks each of them for signed scores and seed parts. */
  verifiers: { url: string; address: string }[];
}

/** Every `./assets/…` file that index.html references exists in `dir` (a complete copy). */
async function isComplete(dir: string): Promise<boolean> {
  const html = await readFile(path.join(dir, 'index.html'), 'utf8').catch(() => undefined);
  if (!html) return false;
  const refs = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
  for (const ref of refs) {
    if (!(await stat(path.join(dir, ref)).catch(() => undefined))) return false;
  }
  return refs.length > 0;
}

/**
 * Copies the built site into `siteDir` with a generated `config.json`, uploads the folder to the
 * local gateway as a UnixFS directory, and returns its CID and `/ipfs/<cid>/` URL.
 */
export async function publishSite(options: {
  distDir: string;
  siteDir: string;
  gatewayUrl: string;
  config: SiteConfig;
}): Promise<{ cid: string; url: string }> {
  // The copy is checked and retried: a concurrent `npm run build -w web` rewrites dist/.
  for (let attempt = 1; ; attempt++) {
    await rm(options.siteDir, { recursive: true, force: true });
    await cp(options.distDir, options.siteDir, { recursive: true }).catch(() => undefined);
    if (await isComplete(options.siteDir)) break;
    if (attempt === 5)
      throw new DevnetError('site', `${options.distDir} is incomplete; delete it and start again`);
    await new Promise((r) => setTimeout(r, 2_000));
  }
  // config.json, and the CSP in index.html and _headers that allows exactly what it reaches.
  await writeSiteFiles(options.siteDir, parseSiteConfig(options.config));
  let cid: string;
  try {
    const store = localGatewayStore({ url: options.gatewayUrl });
    cid = (await store.put(await contentFromPath(options.siteDir))).toString();
  } catch (error) {
    throw new DevnetError('site', `uploading the site failed: ${(error as Error).message}`);
  }
  return { cid, url: `${options.gatewayUrl}/ipfs/${cid}/` };
}
