import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localGatewayStore, type ContentStore } from '@tem/core/ipfs';
import { startGateway, type Gateway } from '@tem/gateway';

/** The local IPFS gateway on a free port over a fresh temporary blockstore. */
export interface TestGateway {
  gateway: Gateway;
  url: string;
  /** A store that uploads to this gateway. */
  store: ContentStore;
  dataDir: string;
  /** Stops the gateway and deletes its blockstore. */
  close(): Promise<void>;
}

/** Starts the gateway over a new temporary folder named after `prefix`. */
export async function startTestGateway(prefix = 'tem-test-ipfs-'): Promise<TestGateway> {
  const dataDir = await mkdtemp(path.join(tmpdir(), prefix));
  try {
    const gateway = await startGateway({ dataDir, port: 0 });
    return {
      gateway,
      url: gateway.url,
      store: localGatewayStore({ url: gateway.url }),
      dataDir,
      async close() {
        await gateway.close().catch(() => undefined);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
