import type { Logger } from '../lib/logger.js';
import { describeError } from '../lib/logger.js';
import { HttpProblem, badGateway } from './problem.js';

/**
 * Runs a read from the chain RPC, turning its failures into a 502 that says which upstream failed
 * (the cause is logged, not sent: RPC errors may echo URLs with API keys).
 */
export async function readChain<T>(log: Logger, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    log('chain-read-failed', describeError(error));
    throw badGateway('chain-unavailable', 'the chain RPC could not be read; try again later');
  }
}
