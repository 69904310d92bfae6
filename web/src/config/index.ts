/**
 * Site configuration: `config.json` next to index.html, with built-in Theta defaults; at build
 * time, the `TEM_SITE_*` variables that write it and the CSP it implies.
 */
export * from './site-config.js';
export * from './parse-config.js';
export * from './load-config.js';
export * from './env-config.js';
export * from './site-csp.js';
