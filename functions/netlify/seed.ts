// Netlify entry: the route comes from netlify.toml (which mirrors the module's `config.path`).
export { default } from '../src/seed.js';
