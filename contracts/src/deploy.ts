import { ContractFactory, type Signer } from 'ethers';
import { waitForReceipt } from '@tem/core/market';
import { loadTaskMarketArtifact } from './artifact.js';
import { DeployError } from './errors.js';

/** Where a TaskMarket was deployed. */
export interface TaskMarketDeployment {
  /** Checksummed contract address. */
  address: string;
  /** Block number of the deployment transaction. */
  block: number;
  /** Hash of the deployment transaction. */
  tx: string;
}

/** Transaction settings for a deployment; Theta wants legacy transactions at its gas price. */
export interface DeployOverrides {
  /** Gas price in wei; when set the transaction is legacy (type 0). */
  gasPrice?: bigint;
  gasLimit?: bigint;
}

/**
 * Deploys TaskMarket from the committed artifact and waits for the receipt.
 *
 * @example
 * const chain = await startAnvil();
 * const { address, block } = await deployTaskMarket(chain.wallet(0));
 */
export async function deployTaskMarket(
  signer: Signer,
  overrides: DeployOverrides = {},
): Promise<TaskMarketDeployment> {
  const artifact = loadTaskMarketArtifact();
  const factory = new ContractFactory(
    artifact.abi as Record<string, unknown>[],
    artifact.bytecode,
    signer,
  );
  const txOverrides: Record<string, unknown> = {};
  if (overrides.gasPrice !== undefined) {
    txOverrides.type = 0;
    txOverrides.gasPrice = overrides.gasPrice;
  }
  if (overrides.gasLimit !== undefined) txOverrides.gasLimit = overrides.gasLimit;
  const contract = await factory.deploy(txOverrides);
  const tx = contract.deploymentTransaction();
  if (!tx) throw new DeployError('the deployment returned no transaction');
  if (!signer.provider) throw new DeployError('the signer is not connected to a provider');
  const receipt = await waitForReceipt(signer.provider, tx.hash);
  if (receipt.status !== 1 || !receipt.contractAddress) {
    throw new DeployError(`deployment transaction ${tx.hash} failed`);
  }
  return { address: receipt.contractAddress, block: receipt.blockNumber, tx: tx.hash };
}
