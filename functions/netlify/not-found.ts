// Netlify entry: the route comes from netlify.toml (which mirrors the module's `config.path`).
import { createNotFoundHandler } from '../src/not-found.js';

export default createNotFoundHandler();
