/** Site configuration: `config.json` next to index.html, with built-in Theta defaults. */
export * from './site-config.js';
export * from './parse-config.js';
export * from './load-config.js';
