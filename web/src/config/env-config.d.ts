import type { SiteConfig } from './site-config.js';
/**
 * The build's variables and the `config.json` field each one sets (web/README.md). Only these
 * reach the browser: the functions' own variables (`THETA_RPC_URL`, keys) are never read here,
 * since an RPC URL with an API key in it must not end up in a public file.
 */
export declare const SITE_ENV: {
    readonly TEM_SITE_CHAIN_ID: "chainId";
    readonly TEM_SITE_RPC_URL: "rpcUrl";
    readonly TEM_SITE_MARKET_ADDRESS: "marketAddress";
    readonly TEM_SITE_DEPLOY_BLOCK: "deployBlock";
    readonly TEM_SITE_GATEWAYS: "gateways";
    readonly TEM_SITE_LINK_GATEWAY: "linkGateway";
    readonly TEM_SITE_UPLOAD_URL: "uploadUrl";
    readonly TEM_SITE_FUNCTIONS_URL: "functionsUrl";
    readonly TEM_SITE_VERIFIER_URL: "verifier.url";
    readonly TEM_SITE_VERIFIER_ADDRESS: "verifier.address";
};
/** A build variable with a value the site cannot use; names the variable. */
export declare class SiteEnvError extends Error {
    readonly variable: string;
    name: string;
    constructor(variable: string, reason: string);
}
/**
 * The site configuration a build writes as `config.json`, from `TEM_SITE_*` variables
 * ({@link SITE_ENV}); what is not set takes the Theta mainnet defaults. A chain other than
 * mainnet (361) or testnet (365) needs its RPC URL.
 *
 * @example
 * siteConfigFromEnv({ TEM_SITE_CHAIN_ID: '365', TEM_SITE_MARKET_ADDRESS: '0x…' });
 */
export declare function siteConfigFromEnv(env: Record<string, string | undefined>): SiteConfig;
