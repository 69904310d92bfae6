import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/ports.js';

/** Where one `npm start` under test keeps its data, and the free ports it listens on. */
export interface StackEnv {
  dataDir: string;
  /** anvil, gateway, the three functions servers, the Theta RPC double, in that order. */
  ports: number[];
  /** The variables that point the stack at `dataDir` and `ports`. */
  env: Record<string, string>;
}

/** A new temporary data folder named after `prefix`, and a free port for every service. */
export async function stackEnv(prefix: string): Promise<StackEnv> {
  const dataDir = await mkdtemp(path.join(tmpdir(), prefix));
  const ports: number[] = [];
  for (let i = 0; i < 6; i++) ports.push(await freePort());
  const names = [
    'TEM_ANVIL_PORT',
    'TEM_GATEWAY_PORT',
    'TEM_FUNCTIONS_PORT',
    'TEM_FUNCTIONS_PORT_2',
    'TEM_FUNCTIONS_PORT_3',
    'TEM_THETA_RPC_PORT',
  ];
  const env: Record<string, string> = { TEM_DEVNET_DIR: dataDir };
  for (const [i, name] of names.entries()) env[name] = String(ports[i]);
  return { dataDir, ports, env };
}
