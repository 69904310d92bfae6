import { MAX_VERIFIERS, callMarketView, chainById, type MarketClient } from '@tem/core/market';
import { MAX_SCORE } from '../format/score.js';

/** The bounds TaskMarket puts on a new task, as the deployed contract states them. */
export interface MarketLimits {
  /** Shortest window in seconds (`MIN_WINDOW`, a constructor argument of the deployment). */
  minWindow: number;
  /** Highest `minScore` (`MAX_SCORE`). */
  maxScore: bigint;
  /** Latest scoring deadline, in seconds from the creating block (`MAX_HORIZON`: 365 days). */
  maxHorizon: number;
  /** Most verifiers a task names (`MAX_VERIFIERS`). */
  maxVerifiers: number;
  /** Whether these figures were read from the contract (else: the chain's documented values). */
  fromContract: boolean;
}

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The documented limits of a chain's deployment, for the moments before the contract answered
 * (or when it cannot): the chain's `minTaskWindow`, the score formula's maximum, one year.
 */
export function documentedLimits(chainId: number): MarketLimits {
  return {
    minWindow: chainById(chainId)?.minTaskWindow ?? 600,
    maxScore: MAX_SCORE,
    maxHorizon: YEAR_SECONDS,
    maxVerifiers: MAX_VERIFIERS,
    fromContract: false,
  };
}

/**
 * Reads `MIN_WINDOW`, `MAX_SCORE`, `MAX_HORIZON` and `MAX_VERIFIERS` from the deployed contract.
 *
 * @example
 * const { minWindow } = await readMarketLimits(client); // 600 on Theta, 5 on the local chain
 */
export async function readMarketLimits(client: MarketClient): Promise<MarketLimits> {
  const [minWindow, maxScore, maxHorizon, maxVerifiers] = await Promise.all(
    ['MIN_WINDOW', 'MAX_SCORE', 'MAX_HORIZON', 'MAX_VERIFIERS'].map((name) =>
      callMarketView<bigint>(client, name, []),
    ),
  );
  return {
    minWindow: Number(minWindow),
    maxScore: BigInt(maxScore!),
    maxHorizon: Number(maxHorizon),
    maxVerifiers: Number(maxVerifiers),
    fromContract: true,
  };
}
