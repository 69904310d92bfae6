import { createServer } from 'node:net';
import { PortInUseError } from './errors.js';

/** Resolves true when nothing listens on `port` at `host`. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws PortInUseError naming the service and the env var that moves it. */
export async function assertPortFree(service: string, port: number, envVar: string): Promise<void> {
  if (!(await isPortFree(port))) throw new PortInUseError(service, port, envVar);
}

/** Asks the OS for a free port (for tests). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
