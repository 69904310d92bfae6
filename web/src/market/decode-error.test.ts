import { describe, expect, it } from 'vitest';
import { taskMarketInterface } from '@tem/core/market';
import { describeTxError } from './decode-error.js';

describe('describeTxError', () => {
  it('decodes a TaskMarket custom error nested in a provider error, with its values', () => {
    const data = taskMarketInterface.encodeErrorResult('CommitWindowClosed', [3n, 1_800_000_000n]);
    const error = Object.assign(new Error('execution reverted'), {
      info: { error: { code: 3, data } },
    });
    expect(describeTxError(error)).toBe(
      'The contract refused: CommitWindowClosed(taskId: 3, commitDeadline: 1800000000)',
    );
  });

  it('says when the visitor rejected the request', () => {
    expect(describeTxError({ code: 4001, message: 'User rejected' })).toBe(
      'You rejected the request in your wallet.',
    );
    expect(describeTxError({ code: 'ACTION_REJECTED' })).toBe(
      'You rejected the request in your wallet.',
    );
  });

  it("prefers the wallet's own message over ethers' generic one", () => {
    const error = Object.assign(new Error('could not coalesce error'), {
      shortMessage: 'could not coalesce error',
      error: { code: -32000, message: 'insufficient funds for gas * price + value' },
    });
    expect(describeTxError(error)).toBe('insufficient funds for gas * price + value');
  });

  it('bounds long messages', () => {
    expect(describeTxError(new Error('x'.repeat(10_000))).length).toBeLessThanOrEqual(300);
  });
});
