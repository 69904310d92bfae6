/**
 * Contracts as owners and solvers in the tests: `MarketActor` (accepts, rejects or re-enters on
 * TFuel) controlled by a dev account, and `ForceSend`, which forces TFuel in by SELFDESTRUCT.
 */
import { type Contract, ContractFactory, type Wallet } from 'ethers';
import { decodeTaskMarketError, taskMarketInterface, waitForReceipt } from '@tem/core/market';
import { compileContract } from '../../scripts/solc.js';

const actorArtifact = compileContract('MarketActor', ['test/MarketActor.sol'], { viaIR: false });
const forceArtifact = compileContract('ForceSend', ['test/MarketActor.sol'], { viaIR: false });

/** How a {@link MarketActor} takes TFuel. */
export const ActorMode = { accepts: 0, rejects: 1, reenters: 2 } as const;

/** A deployed MarketActor and its controller. */
export interface MarketActor {
  address: string;
  contract: Contract;
  controller: Wallet;
  /** Makes the actor call TaskMarket; resolves to the receipt, rejects with the decoded error. */
  call(functionName: string, args: readonly unknown[], value?: bigint): Promise<unknown>;
}

/** Deploys a MarketActor for `market` in `mode`, controlled by `controller`. */
export async function deployActor(
  controller: Wallet,
  market: string,
  mode: number,
): Promise<MarketActor> {
  const factory = new ContractFactory(actorArtifact.abi, actorArtifact.bytecode, controller);
  const contract = (await factory.deploy(market, mode)) as Contract;
  await waitForReceipt(controller.provider!, contract.deploymentTransaction()!.hash);
  const address = await contract.getAddress();
  return {
    address,
    contract,
    controller,
    async call(functionName, args, value = 0n) {
      const data = taskMarketInterface.encodeFunctionData(functionName, args);
      try {
        // Simulate first: a revert comes back with TaskMarket's error data.
        await contract.getFunction('execute').staticCall(data, { value });
        const tx = await contract.getFunction('execute').send(data, { value });
        const receipt = await waitForReceipt(controller.provider!, tx.hash);
        if (receipt.status !== 1) throw new Error(`actor ${functionName} failed`);
        return receipt;
      } catch (err) {
        throw decodeTaskMarketError(err) ?? err;
      }
    },
  };
}

/** Forces `amount` wei into `target` without calling it (SELFDESTRUCT). */
export async function forceSend(from: Wallet, target: string, amount: bigint): Promise<void> {
  const factory = new ContractFactory(forceArtifact.abi, forceArtifact.bytecode, from);
  const deployed = await factory.deploy(target, { value: amount });
  await waitForReceipt(from.provider!, deployed.deploymentTransaction()!.hash);
}
