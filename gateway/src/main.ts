import { parseArgs } from 'node:util';
import { startGateway } from './server.js';

const USAGE =
  'usage: node --import tsx gateway/src/main.ts --data-dir DIR [--port N] [--host H] [--max-upload-bytes N]';

function options() {
  try {
    const { values } = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        'max-upload-bytes': { type: 'string' },
      },
      strict: true,
    });
    const port = Number(values.port);
    const maxUploadBytes =
      values['max-upload-bytes'] === undefined ? undefined : Number(values['max-upload-bytes']);
    if (!values['data-dir']) throw new Error('--data-dir is required');
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`--port '${values.port}' is not a port`);
    if (maxUploadBytes !== undefined && !(Number.isInteger(maxUploadBytes) && maxUploadBytes > 0)) {
      throw new Error(
        `--max-upload-bytes '${values['max-upload-bytes']}' is not a positive integer`,
      );
    }
    return {
      dataDir: values['data-dir'],
      port,
      host: values.host,
      ...(maxUploadBytes ? { maxUploadBytes } : {}),
    };
  } catch (error) {
    console.error(`gateway: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const config = options();
const gateway = await startGateway(config).catch((error: Error) => {
  // e.g. the port is taken: one line naming it, not a stack trace.
  console.error(`gateway: cannot start on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});
console.log(`IPFS gateway on ${gateway.url} (blocks in ${config.dataDir})`);
const stop = () => {
  gateway.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
