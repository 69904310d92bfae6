// Entry point of the bundled CLI (dist/tem.mjs): what bin/tem.js and the container run.
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
