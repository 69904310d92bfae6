import type { MarketClient } from '../client.js';
import { callMarketView } from '../send.js';

/**
 * Number of tasks created (ids run from 1 to it).
 *
 * @example
 * const count = await getTaskCount(client);
 */
export async function getTaskCount(client: MarketClient): Promise<bigint> {
  return callMarketView<bigint>(client, 'taskCount', []);
}
