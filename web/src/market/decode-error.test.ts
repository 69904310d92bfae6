import { describe, expect, it } from 'vitest';
import {
  MarketRevertWithoutDataError,
  MarketTransactionError,
  TaskMarketContractError,
  taskMarketInterface,
  toMarketError,
} from '@tem/core/market';
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

  it("names core's typed errors: a decoded one with its values, a refusal without revert data", () => {
    expect(
      describeTxError(
        new TaskMarketContractError('WrongBond', { taskId: 2n, sent: 0n, commitBond: 5n }),
      ),
    ).toBe('The contract refused: WrongBond(taskId: 2, sent: 0, commitBond: 5)');
    expect(describeTxError(new MarketRevertWithoutDataError('reveal'))).toBe(
      'The contract refused reveal without saying why (this RPC returns no revert data).',
    );
  });

  it('finds a rejection or the wallet message inside the error core wrapped', () => {
    const rejection = Object.assign(new Error('user rejected action'), { code: 'ACTION_REJECTED' });
    expect(describeTxError(toMarketError(rejection, 'commit'))).toBe(
      'You rejected the request in your wallet.',
    );
    const funds = Object.assign(new Error('could not coalesce error'), {
      error: { code: -32000, message: 'insufficient funds for gas * price + value' },
    });
    expect(describeTxError(new MarketTransactionError('commit failed', { cause: funds }))).toBe(
      'insufficient funds for gas * price + value',
    );
  });

  it('bounds long messages', () => {
    expect(describeTxError(new Error('x'.repeat(10_000))).length).toBeLessThanOrEqual(300);
  });
});
