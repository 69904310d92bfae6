import type { SiteConfig } from './site-config.js';
/**
 * The origins the site connects to under `config`: the RPC, every gateway, the upload gateway
 * and the functions. Links (`linkGateway`) are navigations, which `connect-src` does not govern;
 * the verifier URL is only written into new specs, never fetched by the site.
 */
export declare function connectOrigins(config: SiteConfig): string[];
/**
 * The site's Content-Security-Policy under `config`: its own files and workers, WebAssembly
 * (BiSUNA kernels), blob: workers and images (encryption preview), and connections to exactly
 * the origins of {@link connectOrigins}. Wallets are injected (EIP-1193) and need no entry.
 * `meta` leaves out what a `<meta>` policy cannot carry (`frame-ancestors`).
 * `upgrade-insecure-requests` only when every origin is https (a local stack is plain http).
 *
 * @example
 * contentSecurityPolicy(DEFAULT_SITE_CONFIG); // "default-src 'none'; … connect-src 'self' https://eth-rpc-api.thetatoken.org …"
 */
export declare function contentSecurityPolicy(config: SiteConfig, options?: {
    meta?: boolean;
}): string;
/** The `_headers` file Netlify reads from the publish folder: the CSP for every path. */
export declare function netlifyHeadersFile(config: SiteConfig): string;
