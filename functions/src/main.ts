/**
 * Runs the local functions server from the command line (what `npm start` supervises):
 * configuration comes from the environment (see the README), the port from `--port` or `$PORT`.
 *
 * @example
 * THETA_RPC_URL=http://127.0.0.1:8545 TASK_MARKET_ADDRESS=0x… IPFS_GATEWAYS=http://127.0.0.1:8080 \
 *   node --import tsx functions/src/main.ts --port 8888
 */
import { parseArgs } from 'node:util';
import { startFunctionsServer } from './server.js';

const USAGE = 'usage: node --import tsx functions/src/main.ts [--port N] [--host H]';

function options(): { port: number; host: string } {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: process.env.PORT ?? '8888' },
        host: { type: 'string', default: '127.0.0.1' },
      },
      strict: true,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`--port '${values.port}' is not a port`);
    return { port, host: values.host };
  } catch (error) {
    console.error(`functions: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const listen = options();
const server = await startFunctionsServer(listen).catch((error: Error) => {
  // e.g. the port is taken: one line naming it, not a stack trace.
  console.error(`functions: cannot start on ${listen.host}:${listen.port}: ${error.message}`);
  process.exit(1);
});
console.log(`functions on ${server.url} (/api/tasks, /api/tasks/:id, /api/verify, /api/seed)`);
const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
