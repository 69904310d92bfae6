import { ContractFactory, type Signer } from 'ethers';
import {
  LOCAL_MIN_TASK_WINDOW,
  type MarketChain,
  chainById,
  sendLegacyTransaction,
  waitForReceipt,
} from '@tem/core/market';
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

/** Settings of a deployment. */
export interface DeployOverrides {
  /** Gas price in wei; default: the network's, at least the chain's minimum (`marketGasPrice`). */
  gasPrice?: bigint;
  gasLimit?: bigint;
  /**
   * The contract's shortest task window in seconds (constructor `minWindow`); default: the
   * chain's `minTaskWindow` (600 on Theta networks), else {@link LOCAL_MIN_TASK_WINDOW}.
   */
  minWindow?: number;
  /** The network, when the signer's chain id is not one of ours. */
  chain?: MarketChain;
}

/**
 * Deploys TaskMarket from the committed artifact with a legacy transaction and waits for the
 * receipt.
 *
 * @example
 * const chain = await startAnvil();
 * const { address, block } = await deployTaskMarket(chain.wallet(0));
 */
export async function deployTaskMarket(
  signer: Signer,
  overrides: DeployOverrides = {},
): Promise<TaskMarketDeployment> {
  const provider = signer.provider;
  if (!provider) throw new DeployError('the signer is not connected to a provider');
  const artifact = loadTaskMarketArtifact();
  const chain = overrides.chain ?? chainById((await provider.getNetwork()).chainId);
  const minWindow = overrides.minWindow ?? chain?.minTaskWindow ?? LOCAL_MIN_TASK_WINDOW;
  const factory = new ContractFactory(artifact.abi as Record<string, unknown>[], artifact.bytecode);
  const { data } = await factory.getDeployTransaction(minWindow);
  const pending = await sendLegacyTransaction(
    { provider, signer, chain },
    {
      data,
      label: 'deploy TaskMarket',
      overrides: { gasPrice: overrides.gasPrice, gasLimit: overrides.gasLimit },
    },
  );
  const receipt = await waitForReceipt(provider, pending.hash);
  if (receipt.status !== 1 || !receipt.contractAddress) {
    throw new DeployError(`deployment transaction ${pending.hash} failed`);
  }
  return { address: receipt.contractAddress, block: receipt.blockNumber, tx: pending.hash };
}
