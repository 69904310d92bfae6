// Entry point of the bundled CLI (dist/tem.mjs), which the container runs.
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
