import { parseSiteConfig } from './parse-config.js';
import { DEFAULT_SITE_CONFIG, type SiteConfig } from './site-config.js';

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
export async function loadSiteConfig(base: string = document.baseURI): Promise<LoadedConfig> {
  let response: Response;
  try {
    response = await fetch(new URL('config.json', base), { cache: 'no-cache' });
  } catch {
    return { config: DEFAULT_SITE_CONFIG, source: 'defaults' };
  }
  if (!response.ok) return { config: DEFAULT_SITE_CONFIG, source: 'defaults' };
  try {
    const text = await response.text();
    if (text.length > 64 * 1024) throw new Error('config.json is larger than 64 KiB');
    return { config: parseSiteConfig(JSON.parse(text)), source: 'config.json' };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return { config: DEFAULT_SITE_CONFIG, source: 'defaults', problem };
  }
}
