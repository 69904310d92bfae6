import { parseArgs } from 'node:util';
import { startGateway } from './server.js';

// node --import tsx gateway/src/main.ts --data-dir DIR [--port N] [--host H] [--max-upload-bytes N]
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'max-upload-bytes': { type: 'string' },
  },
  strict: true,
});

const dataDir = values['data-dir'];
const port = Number(values.port);
const maxUploadBytes =
  values['max-upload-bytes'] === undefined ? undefined : Number(values['max-upload-bytes']);
if (
  !dataDir ||
  !Number.isInteger(port) ||
  port < 0 ||
  port > 65535 ||
  (maxUploadBytes !== undefined && !(maxUploadBytes > 0))
) {
  console.error('usage: gateway --data-dir DIR [--port N] [--host H] [--max-upload-bytes N]');
  process.exit(2);
}

const gateway = await startGateway({
  dataDir,
  port,
  host: values.host,
  ...(maxUploadBytes ? { maxUploadBytes } : {}),
});
console.log(`IPFS gateway on ${gateway.url} (blocks in ${dataDir})`);
const stop = () => {
  gateway.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
