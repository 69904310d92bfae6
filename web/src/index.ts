/**
 * @tem/web: the marketplace site (built by `scripts/build.ts` into `web/dist`). Other workspaces
 * import only its configuration contract, e.g. the local stack that writes `config.json`.
 *
 * @example
 * import { parseSiteConfig, type SiteConfig } from '@tem/web';
 * const config: SiteConfig = parseSiteConfig({ chainId: 366, rpcUrl, marketAddress, gateways: [gatewayUrl] });
 * await writeFile('dist/config.json', JSON.stringify(config));
 */
export { DEFAULT_SITE_CONFIG, type SiteConfig } from './config/site-config.js';
export { parseSiteConfig, SiteConfigError } from './config/parse-config.js';
