import { type SiteConfig } from './site-config.js';
/** The loaded configuration and where it came from (shown in the footer). */
export interface LoadedConfig {
    config: SiteConfig;
    source: 'config.json' | 'defaults';
    /** Why config.json was not used, when it was present but invalid. */
    problem?: string;
}
/**
 * Fetches `config.json` next to `index.html` (relative URL, so it works under `/ipfs/<cid>/`),
 * falling back to the built-in Theta defaults when it is missing or invalid.
 */
export declare function loadSiteConfig(base?: string): Promise<LoadedConfig>;
