import type { SiteConfig } from './site-config.js';

/**
 * The origins the site connects to under `config`: the RPC, every gateway, the upload gateway,
 * the functions and the deployment's verifiers (asked for signed scores and seed material). Links
 * (`linkGateway`) are navigations, which `connect-src` does not govern; a verifier URL that only
 * a task spec names is shown, never fetched.
 */
export function connectOrigins(config: SiteConfig): string[] {
  const urls = [
    config.rpcUrl,
    ...config.gateways,
    config.uploadUrl,
    config.functionsUrl,
    ...config.verifiers.map((v) => v.url),
  ];
  const origins = urls.filter((u): u is string => !!u).map((u) => new URL(u).origin);
  return [...new Set(origins)];
}

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
export function contentSecurityPolicy(
  config: SiteConfig,
  options: { meta?: boolean } = {},
): string {
  const origins = connectOrigins(config);
  const directives = [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "manifest-src 'self'",
    `connect-src 'self' ${origins.join(' ')}`.trim(),
    "base-uri 'self'",
    "form-action 'none'",
    "object-src 'none'",
  ];
  if (!options.meta) directives.push("frame-ancestors 'none'");
  if (origins.every((o) => o.startsWith('https:'))) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** The `_headers` file Netlify reads from the publish folder: the CSP for every path. */
export function netlifyHeadersFile(config: SiteConfig): string {
  return `# Written by web/scripts/build.ts from the site's config.json.\n/*\n  Content-Security-Policy: ${contentSecurityPolicy(config)}\n`;
}
