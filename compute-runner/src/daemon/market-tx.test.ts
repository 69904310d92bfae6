import { describe, expect, it } from 'vitest';
import { zeroReceipt } from '@tem/contracts';
import { nextNonce, readMinedTx } from './market-tx.js';
import { isNonceTaken } from './nonce-taken.js';

const HASH = `0x${'5e'.repeat(32)}`;

/** A node answering eth_getTransactionReceipt with `receipt`, as its JSON-RPC result. */
const node = (receipt: unknown) => ({
  send: async (method: string) => {
    expect(method).toBe('eth_getTransactionReceipt');
    return receipt;
  },
});

describe('nextNonce', () => {
  it.each<[number, number[], number]>([
    [5, [], 5],
    [5, [5, 6], 7],
    [5, [3, 5, 7], 6],
    [5, [6], 5],
    [0, [0, 1, 2], 3],
  ])('confirmed %i, held %j: %i', (confirmed, held, expected) => {
    expect(nextNonce(confirmed, held)).toBe(expected);
  });
});

describe('readMinedTx', () => {
  it('reads no receipt (null, as anvil and geth answer) as not mined', async () => {
    expect(await readMinedTx(node(null), HASH, 1n)).toBeUndefined();
  });

  it("reads Theta's zero-filled receipt for a transaction it has not finalized as not mined", async () => {
    // theta-eth-rpc-adaptor rpc/ethrpc/eth_get_transaction_receipt.go returns its empty
    // EthGetReceiptResult (common/types.go) when the transaction has no finalized receipt: the
    // adaptor double's answer.
    expect(await readMinedTx(node(zeroReceipt()), HASH, 1n)).toBeUndefined();
  });

  it("prices Theta's receipt (no effectiveGasPrice) at the transaction's own gas price", async () => {
    const receipt = {
      blockHash: `0x${'0b'.repeat(32)}`,
      blockNumber: '0x2a',
      gasUsed: '0x5208',
      status: '0x1',
    };
    expect(await readMinedTx(node(receipt), HASH, 4_000_000_000_000n)).toEqual({
      ok: true,
      feeWei: 21_000n * 4_000_000_000_000n,
      blockNumber: 42,
    });
  });

  it('reads a reverted transaction and its cost from an anvil receipt', async () => {
    const receipt = {
      blockHash: `0x${'0c'.repeat(32)}`,
      blockNumber: '0x7',
      gasUsed: '0x6000',
      effectiveGasPrice: '0x3',
      status: '0x0',
    };
    expect(await readMinedTx(node(receipt), HASH, 1n)).toEqual({
      ok: false,
      feeWei: 0x6000n * 3n,
      blockNumber: 7,
    });
  });
});

describe("isNonceTaken on Theta's refusals", () => {
  it('knows a transaction the mempool has already seen, and a used sequence', () => {
    expect(isNonceTaken(new Error('Transaction already seen'))).toBe(true);
    expect(isNonceTaken(new Error('ValidateInputAdvanced: Got 5, expected 6. (acc.seq=5)'))).toBe(
      true,
    );
  });

  it('does not take a sequence gap for a used nonce', () => {
    expect(isNonceTaken(new Error('ValidateInputAdvanced: Got 7, expected 6. (acc.seq=5)'))).toBe(
      false,
    );
  });
});
