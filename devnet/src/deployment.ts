import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Signer } from 'ethers';
import { deployTaskMarket, type TaskMarketDeployment } from '@tem/contracts';
import { DevnetError } from './errors.js';

/** The TaskMarket the stack uses, and whether it was deployed now or found from a previous start. */
export interface DevnetDeployment extends TaskMarketDeployment {
  reused: boolean;
}

/** Reads a recorded deployment; undefined when the file is missing or unreadable. */
export async function readDeployment(file: string): Promise<TaskMarketDeployment | undefined> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as Partial<TaskMarketDeployment>;
    if (
      typeof saved.address === 'string' &&
      /^0x[0-9a-fA-F]{40}$/.test(saved.address) &&
      typeof saved.block === 'number' &&
      typeof saved.tx === 'string'
    )
      return { address: saved.address, block: saved.block, tx: saved.tx };
  } catch {
    // missing or corrupt: deploy again
  }
  return undefined;
}

/**
 * Reuses the TaskMarket recorded in `file` when its code is still on the chain (a second start
 * with the saved chain state); otherwise deploys one from `deployer` and records it.
 */
export async function ensureDeployment(file: string, deployer: Signer): Promise<DevnetDeployment> {
  const provider = deployer.provider;
  if (!provider) throw new DevnetError('deploy', 'the deployer has no provider');
  const saved = await readDeployment(file);
  if (saved && (await provider.getCode(saved.address)) !== '0x') return { ...saved, reused: true };
  let deployment: TaskMarketDeployment;
  try {
    deployment = await deployTaskMarket(deployer);
  } catch (error) {
    throw new DevnetError('deploy', `deploying TaskMarket failed: ${(error as Error).message}`);
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(deployment, null, 2)}\n`);
  return { ...deployment, reused: false };
}
