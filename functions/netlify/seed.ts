// Netlify entry: the route comes from netlify.toml (which mirrors the module's `config.path`);
// the handler is configured from `process.env` at its first request.
import { processServices } from '../src/services.js';
import { seedHandlerFromServices } from '../src/seed.js';

export default seedHandlerFromServices(processServices());
