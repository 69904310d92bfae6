import { Contract, Interface, type Provider, type Signer } from 'ethers';
import { taskMarketAbi } from './task-market-abi.generated.js';
import type { MarketChain } from './chains.js';
import { MarketInputError } from './errors.js';

/** The ethers `Interface` of TaskMarket (shared, stateless). */
export const taskMarketInterface = new Interface(taskMarketAbi);

/** What every action takes first: a deployed TaskMarket and how to reach it. */
export interface MarketClient {
  /** Address of the TaskMarket contract. */
  readonly address: string;
  /** Provider for reads and log scans. */
  readonly provider: Provider;
  /** Signer for transactions; actions that send throw {@link MarketInputError} without one. */
  readonly signer: Signer | undefined;
  /** The network, when known: sets the gas price policy and the log window. */
  readonly chain: MarketChain | undefined;
  /** An ethers contract bound to the signer (or the provider). */
  readonly contract: Contract;
}

/** Parameters of {@link createMarketClient}: a signer, a provider, or both. */
export interface CreateMarketClientParameters {
  address: string;
  signer?: Signer;
  provider?: Provider;
  chain?: MarketChain;
}

/**
 * Binds a TaskMarket address to a provider and optionally a signer.
 *
 * @example
 * const client = createMarketClient({ address, signer: wallet, chain: thetaTestnet });
 * const { taskId } = await createTask(client, { specCid, bounty: 10n ** 18n, ... });
 */
export function createMarketClient(params: CreateMarketClientParameters): MarketClient {
  const provider = params.provider ?? params.signer?.provider ?? undefined;
  if (!provider) {
    throw new MarketInputError('createMarketClient needs a provider, or a signer connected to one');
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(params.address)) {
    throw new MarketInputError(`not a contract address: ${JSON.stringify(params.address)}`);
  }
  return {
    address: params.address,
    provider,
    signer: params.signer,
    chain: params.chain,
    contract: new Contract(params.address, taskMarketInterface, params.signer ?? provider),
  };
}
