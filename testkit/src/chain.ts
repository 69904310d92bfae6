import { deployTaskMarket, startAnvil, type AnvilChain } from '@tem/contracts';
import { createMarketClient, type MarketClient } from '@tem/core/market';
import { ACCOUNT_COUNT, ROLES } from './roles.js';

/** Options of {@link startTestChain}. */
export interface TestChainOptions {
  /** TaskMarket's minimum window in seconds (default: the deploy script's). */
  minWindow?: number;
}

/** anvil (chain 366, {@link ACCOUNT_COUNT} dev accounts) with TaskMarket deployed. */
export interface TestChain {
  chain: AnvilChain;
  market: string;
  deployBlock: number;
  /** A market client signing as dev account `account` (one per account, reused). */
  client(account: number): MarketClient;
  /** The address of dev account `account`. */
  address(account: number): string;
  /** Moves chain time past `deadline` (by a second) when it is not there yet. */
  passDeadline(deadline: bigint): Promise<void>;
  stop(): Promise<void>;
}

/** Starts anvil on a free port and deploys TaskMarket from the deployer. */
export async function startTestChain(options: TestChainOptions = {}): Promise<TestChain> {
  const chain = await startAnvil({ accounts: ACCOUNT_COUNT });
  try {
    const deployment = await deployTaskMarket(
      chain.wallet(ROLES.deployer),
      options.minWindow === undefined ? {} : { minWindow: options.minWindow },
    );
    const clients = new Map<number, MarketClient>();
    return {
      chain,
      market: deployment.address,
      deployBlock: deployment.block,
      client(account) {
        let client = clients.get(account);
        if (!client) {
          client = createMarketClient({
            address: deployment.address,
            signer: chain.wallet(account),
          });
          clients.set(account, client);
        }
        return client;
      },
      address: (account) => chain.accounts[account]!.address,
      async passDeadline(deadline) {
        const now = await chain.now();
        if (now <= deadline) await chain.increaseTime(deadline - now + 1n);
      },
      stop: () => chain.stop(),
    };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}
