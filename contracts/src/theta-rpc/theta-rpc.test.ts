import { startAnvil, type AnvilChain } from '../local-chain.js';
import type { Wallet } from 'ethers';
import { JsonRpcProvider, Transaction, isCallException } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THETA_RPC_METHODS, startThetaRpc, type ThetaRpc } from './index.js';

/** Short block interval for tests: every retry of the adaptor sleeps one. */
const INTERVAL_MS = 100;
const THETA_GAS_PRICE = 4_000_000_000_000n;
const topic = (byte: string) => `0x${byte.padStart(64, '0')}`;

/** Runtime that reverts with 4 bytes of data; deployed by the init code in front of it. */
const REVERTER = '0x6005600c60003960056000f360046000fd';
/** Runtime that emits LOG2(topics 0xaa, 0xbb) twice; deployed by the init code in front of it. */
const EMITTER = '0x6013600c60003960136000f360bb60aa60006000a260bb60aa60006000a200';

let chain: AnvilChain;
let rpc: ThetaRpc;
let wallet: Wallet;
let reverter: string;
let emitter: string;
let emitTxs: string[];

interface RpcAnswer {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

async function post(body: unknown, url = rpc.url): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function call(method: string, params: unknown[] = [], url = rpc.url): Promise<RpcAnswer> {
  return (await post({ jsonrpc: '2.0', id: 7, method, params }, url)).json() as Promise<RpcAnswer>;
}

async function result<T>(method: string, params: unknown[] = []): Promise<T> {
  const answer = await call(method, params);
  if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
  return answer.result as T;
}

/** Sends a legacy transaction at Theta's gas price through anvil directly; returns its hash. */
async function sendDirect(tx: { to?: string; data?: string; value?: bigint }): Promise<string> {
  const sent = await wallet.sendTransaction({ ...tx, type: 0, gasPrice: THETA_GAS_PRICE });
  const receipt = await sent.wait();
  return receipt!.hash;
}

beforeAll(async () => {
  chain = await startAnvil();
  rpc = await startThetaRpc({ upstreamUrl: chain.rpcUrl, blockIntervalMs: INTERVAL_MS });
  wallet = chain.wallet(0);
  const deploy = async (code: string) => {
    const sent = await wallet.sendTransaction({ data: code, type: 0, gasPrice: THETA_GAS_PRICE });
    return (await sent.wait())!.contractAddress!;
  };
  reverter = await deploy(REVERTER);
  emitter = await deploy(EMITTER);
  emitTxs = [await sendDirect({ to: emitter }), await sendDirect({ to: emitter })];
}, 120_000);

afterAll(async () => {
  await rpc?.close();
  await chain?.stop();
});

describe('the method list', () => {
  it('registers exactly the eth, net and web3 methods of the adaptor', () => {
    expect(THETA_RPC_METHODS).toContain('eth_getLogs');
    expect(THETA_RPC_METHODS).toContain('eth_signTypedData');
    expect(THETA_RPC_METHODS).not.toContain('eth_maxPriorityFeePerGas');
    expect(THETA_RPC_METHODS.filter((m) => !/^(eth|net|web3|rpc)_/.test(m))).toEqual([]);
  });

  it.each(['eth_maxPriorityFeePerGas', 'eth_feeHistory', 'evm_mine', 'anvil_mine', 'debug_x'])(
    'answers %s as go-ethereum answers a method it does not have',
    async (method) => {
      expect(await call(method)).toEqual({
        jsonrpc: '2.0',
        id: 7,
        error: { code: -32601, message: `the method ${method} does not exist/is not available` },
      });
    },
  );

  it('checks arguments against the Go signatures', async () => {
    const address = wallet.address;
    expect((await call('eth_getBalance', [address])).error).toEqual({
      code: -32602,
      message: 'missing value for required argument 1',
    });
    expect((await call('eth_estimateGas', [{ to: address }, 'latest'])).error).toEqual({
      code: -32602,
      message: 'too many arguments, want at most 1',
    });
    expect((await call('eth_getBalance', [address, 7])).error?.message).toBe(
      'invalid argument 1: json: cannot unmarshal number into Go value of type string',
    );
    expect((await call('eth_call', [{ to: reverter }])).error?.message).toBe(
      'missing value for required argument 1',
    );
  });

  it('answers the chain id in hex, net_version too, and an empty client version', async () => {
    expect(await result('eth_chainId')).toBe('0x16e');
    expect(await result('net_version')).toBe('0x16e');
    expect(await result('web3_clientVersion')).toBe('');
    expect(await result('eth_syncing')).toBe(false);
    expect(await result('eth_accounts')).toEqual([]);
  });
});

describe('block tags', () => {
  it('reads latest and pending as the last finalized block: anvil’s latest mined one', async () => {
    const mined = Number(await chain.provider.getBlockNumber());
    expect(Number(await result<string>('eth_blockNumber'))).toBe(mined);
    for (const tag of ['latest', 'pending']) {
      const block = await result<{ number: string }>('eth_getBlockByNumber', [tag, false]);
      expect(Number(block.number)).toBe(mined);
    }
  });

  it('reads earliest as block 1 and a tag it does not know as block 0', async () => {
    const earliest = await result<{ number: string }>('eth_getBlockByNumber', ['earliest', false]);
    expect(earliest.number).toBe('0x1');
    const finalized = await result<{ number: string }>('eth_getBlockByNumber', [
      'finalized',
      false,
    ]);
    expect(finalized.number).toBe('0x0');
  });

  it('shapes blocks as the adaptor does: no base fee, fixed size and gas limit, zero bloom', async () => {
    const block = await result<Record<string, unknown>>('eth_getBlockByNumber', ['latest', true]);
    expect(block).not.toHaveProperty('baseFeePerGas');
    expect(block).not.toHaveProperty('mixHash');
    expect(block.size).toBe('0x3e8');
    expect(block.gasLimit).toBe('0x1312d00');
    expect(block.difficulty).toBe('0x0');
    expect(block.logsBloom).toBe(`0x${'0'.repeat(512)}`);
    const [tx] = block.transactions as Record<string, unknown>[];
    expect(tx!.transactionIndex).toBe('0x0');
    expect(tx!.v).toMatch(/^0x[01]$/);
    expect(tx).not.toHaveProperty('type');
  });

  it('retries a block that is not there yet, then answers "empty block"', async () => {
    const started = Date.now();
    expect((await call('eth_getBlockByNumber', ['0xffffff', false])).error).toEqual({
      code: -32000,
      message: 'empty block',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * INTERVAL_MS);
  });
});

describe('errors carry no revert data', () => {
  it('answers a reverting eth_call with "evm: execution reverted" only, after retrying', async () => {
    const direct = await call('eth_call', [{ to: reverter, data: '0x' }, 'latest'], chain.rpcUrl);
    expect(direct.error?.data).toBe('0x00000000');
    const started = Date.now();
    const answer = await call('eth_call', [{ to: reverter, data: '0x' }, 'latest']);
    expect(answer.error).toEqual({ code: -32000, message: 'evm: execution reverted' });
    // Four tries, a block interval apart.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * INTERVAL_MS);
  });

  it('answers a reverting eth_estimateGas the same way, at once', async () => {
    const answer = await call('eth_estimateGas', [{ from: wallet.address, to: reverter }]);
    expect(answer.error).toEqual({ code: -32000, message: 'evm: execution reverted' });
  });

  it('gives ethers a CALL_EXCEPTION without data where anvil gives the revert data', async () => {
    const provider = new JsonRpcProvider(rpc.url, 366, { staticNetwork: true, cacheTimeout: -1 });
    try {
      const error = await provider.call({ to: reverter }).catch((e: unknown) => e);
      expect(isCallException(error)).toBe(true);
      expect((error as { data: unknown }).data).toBeNull();
    } finally {
      provider.destroy();
    }
  });

  it('estimates gas with the adaptor’s 10% margin', async () => {
    const estimate = await result<string>('eth_estimateGas', [
      { from: wallet.address, to: chain.accounts[1]!.address, value: '0x1' },
    ]);
    expect(BigInt(estimate)).toBe(23_100n);
  });
});

describe('transactions and receipts', () => {
  it('refuses typed transactions and gas prices under Theta’s minimum, as the node does', async () => {
    const base = {
      to: chain.accounts[1]!.address,
      value: 1n,
      gasLimit: 21_000n,
      chainId: 366n,
      nonce: await chain.provider.getTransactionCount(wallet.address, 'pending'),
    };
    const typed = await wallet.signTransaction({
      ...base,
      type: 2,
      maxFeePerGas: THETA_GAS_PRICE,
      maxPriorityFeePerGas: 1n,
    });
    expect((await call('eth_sendRawTransaction', [typed])).error?.message).toBe(
      'theta RPC returns an error: rlp: expected input list for types.EthTransaction',
    );
    const cheap = await wallet.signTransaction({ ...base, type: 0, gasPrice: 1_000_000_000n });
    expect((await call('eth_sendRawTransaction', [cheap])).error?.message).toBe(
      'theta RPC returns an error: Insufficient gas price. Gas price needs to be at least 4000000000000 TFuelWei',
    );
    const legacy = await wallet.signTransaction({ ...base, type: 0, gasPrice: THETA_GAS_PRICE });
    const hash = await result<string>('eth_sendRawTransaction', [legacy]);
    expect(hash).toBe(Transaction.from(legacy).hash);
    await chain.provider.waitForTransaction(hash);
  });

  it('answers a mined receipt at once, in the adaptor’s shape', async () => {
    const receipt = await result<Record<string, unknown>>('eth_getTransactionReceipt', [
      emitTxs[0],
    ]);
    expect(receipt.status).toBe('0x1');
    expect(receipt.to).toBe(emitter.toLowerCase());
    expect(receipt.contractAddress).toBe(`0x${'0'.repeat(40)}`);
    expect(receipt.logsBloom).toBe(`0x${'0'.repeat(512)}`);
    expect(receipt).not.toHaveProperty('effectiveGasPrice');
    expect(receipt).not.toHaveProperty('type');
    expect((receipt.logs as { type: string }[]).map((l) => l.type)).toEqual(['mined', 'mined']);
  });

  it('retries a receipt it cannot find for five block intervals, then answers it zero-filled', async () => {
    const started = Date.now();
    const receipt = await result('eth_getTransactionReceipt', [topic('1234')]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * INTERVAL_MS);
    expect(receipt).toEqual({
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
    });
  });

  it('counts a pending transaction in the nonce (the screened view), and answers its receipt zero-filled until mined', async () => {
    await chain.provider.send('evm_setAutomine', [false]);
    try {
      const before = BigInt(
        await result<string>('eth_getTransactionCount', [wallet.address, 'latest']),
      );
      const signed = await wallet.signTransaction({
        to: chain.accounts[1]!.address,
        value: 1n,
        gasLimit: 21_000n,
        chainId: 366n,
        type: 0,
        gasPrice: THETA_GAS_PRICE,
        nonce: Number(before),
      });
      const hash = await result<string>('eth_sendRawTransaction', [signed]);
      expect(
        BigInt(await result<string>('eth_getTransactionCount', [wallet.address, 'latest'])),
      ).toBe(before + 1n);
      expect((await result<{ status: string }>('eth_getTransactionReceipt', [hash])).status).toBe(
        '0x0',
      );
      // Mined while the double waits: the next look finds it.
      const waiting = result<{ status: string; transactionHash: string }>(
        'eth_getTransactionReceipt',
        [hash],
      );
      await chain.mine();
      expect(await waiting).toMatchObject({ status: '0x1', transactionHash: hash });
    } finally {
      await chain.provider.send('evm_setAutomine', [true]);
    }
  });

  it('answers the storage word of an empty slot as 0x0', async () => {
    expect(await result('eth_getStorageAt', [emitter, '0x0', 'latest'])).toBe('0x0');
  });

  it('prices gas at the last block’s average, or Theta’s 4000 gwei in a block without contract calls', async () => {
    await chain.mine();
    expect(BigInt(await result<string>('eth_gasPrice'))).toBe(THETA_GAS_PRICE);
    await (
      await wallet.sendTransaction({ to: wallet.address, type: 0, gasPrice: 2n * THETA_GAS_PRICE })
    ).wait();
    expect(BigInt(await result<string>('eth_gasPrice'))).toBe(2n * THETA_GAS_PRICE);
  });

  it('never prices gas under the minimum, even after a block of cheaper transactions sent to anvil directly', async () => {
    await (
      await wallet.sendTransaction({ to: wallet.address, type: 0, gasPrice: 1_000_000_000n })
    ).wait();
    expect(BigInt(await result<string>('eth_gasPrice'))).toBe(THETA_GAS_PRICE);
  });
});

describe('eth_getLogs', () => {
  it('refuses a span over 5000 blocks, naming start and end, and swaps a reversed range', async () => {
    expect((await call('eth_getLogs', [{ fromBlock: '0x1', toBlock: '0x1389' }])).error).toEqual({
      code: -32000,
      message:
        'block range too large, we currently allow querying for at most 5000 blocks at a time (start: 1, end: 5001)',
    });
    const within = await result<unknown[]>('eth_getLogs', [
      { fromBlock: '0x1388', toBlock: '0x1', address: emitter },
    ]);
    expect(within).toHaveLength(4);
  });

  it('numbers logs within their transaction and marks them mined', async () => {
    const logs = await result<{ logIndex: string; transactionHash: string; type: string }[]>(
      'eth_getLogs',
      [{ fromBlock: 'earliest', toBlock: 'latest', address: emitter }],
    );
    expect(logs.map((l) => [l.transactionHash, l.logIndex])).toEqual([
      [emitTxs[0], '0x0'],
      [emitTxs[0], '0x1'],
      [emitTxs[1], '0x0'],
      [emitTxs[1], '0x1'],
    ]);
    expect(new Set(logs.map((l) => l.type))).toEqual(new Set(['mined']));
  });

  it('matches topics as the adaptor does: a null drops its position, the others shift left', async () => {
    const range = { fromBlock: '0x1', toBlock: 'latest', address: emitter };
    expect(await result('eth_getLogs', [{ ...range, topics: [topic('aa')] }])).toHaveLength(4);
    expect(
      await result('eth_getLogs', [{ ...range, topics: [[topic('bb'), topic('aa')]] }]),
    ).toHaveLength(4);
    // Ethereum: any first topic and 0xbb second (all four). Theta: 0xbb first (none).
    expect(await result('eth_getLogs', [{ ...range, topics: [null, topic('bb')] }])).toHaveLength(
      0,
    );
    // A filter longer than the log's topics stops at the log's last topic.
    expect(
      await result('eth_getLogs', [{ ...range, topics: [topic('aa'), topic('bb'), topic('cc')] }]),
    ).toHaveLength(4);
    expect(
      await result('eth_getLogs', [{ ...range, address: chain.accounts[5]!.address }]),
    ).toHaveLength(0);
  });
});

describe('the HTTP server', () => {
  it('answers batches in order, parse errors and notifications as go-ethereum does', async () => {
    const batch = (await (
      await post([
        { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
        { jsonrpc: '2.0', method: 'eth_chainId', params: [] },
        { jsonrpc: '2.0', id: 2, method: 'eth_maxPriorityFeePerGas', params: [] },
      ])
    ).json()) as { id: number }[];
    expect(batch.map((a) => a.id)).toEqual([1, 2]);
    const broken = await fetch(rpc.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(await broken.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'parse error' },
    });
    expect((await fetch(rpc.url, { method: 'POST', body: '{}' })).status).toBe(415);
  });

  it('lets any origin in, as the public adaptors do (the site calls it from the browser)', async () => {
    const preflight = await fetch(rpc.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://site.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('ends a waiting receipt request when it closes', async () => {
    const other = await startThetaRpc({ upstreamUrl: chain.rpcUrl, blockIntervalMs: 60_000 });
    const waiting = call('eth_getTransactionReceipt', [topic('99')], other.url).catch(
      (error: Error) => error,
    );
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await other.close();
    await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
