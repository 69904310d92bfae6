import { type SiteConfig } from './site-config.js';
/** A `config.json` that is not an object or has a field of the wrong shape; names the field. */
export declare class SiteConfigError extends Error {
    name: string;
}
/**
 * Validates a parsed `config.json`; missing fields take the built-in defaults.
 *
 * @example
 * parseSiteConfig({ chainId: 366, rpcUrl: 'http://127.0.0.1:8545', marketAddress: '0x…' });
 */
export declare function parseSiteConfig(value: unknown): SiteConfig;
