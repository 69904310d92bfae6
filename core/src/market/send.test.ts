import { describe, expect, it } from 'vitest';
import {
  MarketInputError,
  MarketRevertWithoutDataError,
  MarketTransactionError,
  gasLimitFromEstimate,
  isRevertWithoutData,
  isUnminedReceipt,
  marketGasPrice,
  thetaMainnet,
  toMarketError,
} from './index.js';
import type { Provider } from 'ethers';

/** What Theta's ETH-RPC adaptor answers for a transaction it does not know (after ~30 s). */
const ZERO_FILLED_RECEIPT = {
  blockHash: `0x${'0'.repeat(64)}`,
  blockNumber: '0x0',
  transactionHash: `0x${'0'.repeat(64)}`,
  transactionIndex: '0x0',
  contractAddress: `0x${'0'.repeat(40)}`,
  from: `0x${'0'.repeat(40)}`,
  to: `0x${'0'.repeat(40)}`,
  gasUsed: '0x0',
  cumulativeGasUsed: '0x0',
  logs: null,
  logsBloom: '',
  status: '0x0',
};

describe('isUnminedReceipt', () => {
  it('reads null and Theta’s zero-filled receipt as not mined, a real receipt as mined', () => {
    expect(isUnminedReceipt(null)).toBe(true);
    expect(isUnminedReceipt(ZERO_FILLED_RECEIPT)).toBe(true);
    expect(
      isUnminedReceipt({
        ...ZERO_FILLED_RECEIPT,
        blockHash: `0x${'ab'.repeat(32)}`,
        blockNumber: '0x10',
        transactionHash: `0x${'cd'.repeat(32)}`,
        status: '0x0',
      }),
    ).toBe(false);
  });
});

describe('errors without revert data', () => {
  it('become MarketRevertWithoutDataError, telling callers to re-read the chain', () => {
    // ethers' shape for an eth_estimateGas refusal whose answer carries no data (Theta's adaptor).
    const noData = Object.assign(new Error('missing revert data'), {
      code: 'CALL_EXCEPTION',
      data: null,
      info: { error: { code: -32000, message: 'evm: execution reverted' } },
    });
    expect(isRevertWithoutData(noData)).toBe(true);
    const err = toMarketError(noData, 'reveal');
    expect(err).toBeInstanceOf(MarketRevertWithoutDataError);
    expect((err as MarketRevertWithoutDataError).functionName).toBe('reveal');
    expect(err.shortMessage).toBe(
      'reveal was refused without revert data: re-read the chain state',
    );
    expect(
      toMarketError(Object.assign(new Error('x'), { code: 'CALL_EXCEPTION', data: '0x' }), 'f'),
    ).toBeInstanceOf(MarketRevertWithoutDataError);
    expect(toMarketError(new Error('socket hang up'), 'f')).toBeInstanceOf(MarketTransactionError);
  });
});

describe('marketGasPrice', () => {
  const providerAnswering = (gasPrice: bigint, calls: string[] = []) =>
    ({
      send: async (method: string) => {
        calls.push(method);
        if (method === 'eth_gasPrice') return `0x${gasPrice.toString(16)}`;
        throw new Error(`the method ${method} does not exist/is not available`);
      },
    }) as unknown as Provider;

  it('takes eth_gasPrice raised to the chain minimum, and never asks for fee data', async () => {
    const calls: string[] = [];
    expect(
      await marketGasPrice({ provider: providerAnswering(1n, calls), chain: thetaMainnet }),
    ).toBe(4000n * 10n ** 9n);
    expect(
      await marketGasPrice({
        provider: providerAnswering(5000n * 10n ** 9n, calls),
        chain: thetaMainnet,
      }),
    ).toBe(5000n * 10n ** 9n);
    expect(await marketGasPrice({ provider: providerAnswering(7n), chain: undefined })).toBe(7n);
    expect(await marketGasPrice({ provider: providerAnswering(7n), chain: thetaMainnet }, 9n)).toBe(
      9n,
    );
    expect(calls).toEqual(['eth_gasPrice', 'eth_gasPrice']);
  });

  it('falls back to the chain minimum for providers without send, or asks for an override', async () => {
    const bare = {} as Provider;
    expect(await marketGasPrice({ provider: bare, chain: thetaMainnet })).toBe(4000n * 10n ** 9n);
    await expect(marketGasPrice({ provider: bare, chain: undefined })).rejects.toBeInstanceOf(
      MarketInputError,
    );
  });
});

describe('gasLimitFromEstimate', () => {
  it('adds 20% and 25,000 for a storage write that may appear between estimate and inclusion', () => {
    expect(gasLimitFromEstimate(100_000n)).toBe(145_000n);
  });
});
