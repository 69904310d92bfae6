/**
 * The adaptor's methods (theta-eth-rpc-adaptor `rpc/ethrpc`, `rpc/netrpc`, `rpc/web3rpc`; the
 * `evm` namespace is not registered there), each answering from anvil the way the adaptor
 * answers from a Theta node. Read from the adaptor's source, not copied.
 */
import { Transaction } from 'ethers';
import { type Height, heightByTag } from './block-tags.js';
import { RpcError, UpstreamError, invalidParams, methodError, methodNotFound } from './errors.js';
import { type LogFilter, getLogs } from './logs.js';
import {
  type AnvilBlock,
  type AnvilReceipt,
  type AnvilTransaction,
  BLOCK_GAS_LIMIT,
  ZERO_ADDRESS,
  blockJson,
  emptyBlockJson,
  quantity,
  receiptJson,
  transactionJson,
  zeroReceipt,
} from './shapes.js';
import type { Upstream } from './upstream.js';

/** What the methods need: anvil, the chain's block interval and the adaptor's settings. */
export interface MethodContext {
  upstream: Upstream;
  /** The adaptor's `blockInterval` (6 s on Theta): what each retry sleeps. */
  blockIntervalMs: number;
  /** `query.getLogsBlockRange` (5000). */
  logBlockRange: number;
  /** The ledger's minimum gas price for a transaction to be accepted, in wei. */
  minGasPriceWei: bigint;
  /** Sleeps, unless the double is closing (then it rejects). */
  sleep(ms: number): Promise<void>;
}

/** A Go argument type: what JSON it accepts and how go-ethereum names it in errors. */
interface Param {
  kind: 'string' | 'bool' | 'object' | 'any';
  go: string;
}

interface Method {
  params: Param[];
  run(ctx: MethodContext, args: unknown[]): Promise<unknown>;
}

const str: Param = { kind: 'string', go: 'string' };
const bool: Param = { kind: 'bool', go: 'bool' };
const any: Param = { kind: 'any', go: 'interface {}' };
const callArgs: Param = { kind: 'object', go: 'common.EthSmartContractArgObj' };

/** Default gas price of the main chain when a block has no smart-contract transaction. */
const DEFAULT_GAS_PRICE = 4_000_000_000_000n;
/** Subchains (chain id above 1000) default to 1e8 wei. */
const SUBCHAIN_GAS_PRICE = 100_000_000n;
/** Retries of the methods that wait for finalization (receipts, transactions, blocks). */
const FINALIZATION_TRIES = 5;
/** Tries of `eth_call`. */
const CALL_TRIES = 4;
/** `GenerateSctx`'s gas when a transaction names none. */
const DEFAULT_GAS = 10_000_000n;
/** A placeholder for the Theta node's version string (`theta.GetVersion`); clients ignore it. */
const THETA_NODE_VERSION = '4.0.0';

/** The height anvil reads at: its latest mined block is the last finalized one. */
const blockParam = (height: Height) => (height === 'finalized' ? 'latest' : quantity(height));

/** Go's `big.Int.SetString(hex, 16)` with the prefix removed; what does not parse is 0. */
function hexToBigInt(value: unknown): bigint {
  if (typeof value !== 'string') return 0n;
  const digits = value.startsWith('0x') ? value.slice(2) : value;
  return /^[0-9a-fA-F]+$/.test(digits) ? BigInt(`0x${digits}`) : 0n;
}

/**
 * What a Theta node says for anvil's error: a revert is `evm: execution reverted` and carries
 * nothing more (no reason, no data); other VM errors keep anvil's words.
 */
function vmError(error: unknown): RpcError {
  if (!(error instanceof UpstreamError)) {
    return methodError(`failed to get theta RPC response: ${(error as Error).message}`);
  }
  if (/revert/i.test(error.message)) return methodError('evm: execution reverted');
  if (/out of gas/i.test(error.message)) return methodError('out of gas');
  if (/insufficient (funds|balance)/i.test(error.message))
    return methodError('insufficient balance for transfer');
  return methodError(error.message);
}

/** An error of the Theta node behind the adaptor, as `HandleThetaRPCResponse` wraps it. */
const nodeError = (message: string) => methodError(`theta RPC returns an error: ${message}`);

/**
 * The call a Theta node runs for `arg` (`GenerateSctx`): only `from`, `to`, `value` and `data`
 * (an `input` field is ignored), with `gas` as given.
 */
function smartContractCall(arg: Record<string, unknown>, gas: bigint): Record<string, string> {
  const call: Record<string, string> = {
    from: typeof arg.from === 'string' ? arg.from : ZERO_ADDRESS,
    gas: quantity(gas),
    value: quantity(hexToBigInt(arg.value)),
    data: typeof arg.data === 'string' ? arg.data : '0x',
  };
  if (typeof arg.to === 'string' && BigInt(arg.to) !== 0n) call.to = arg.to;
  return call;
}

async function finalizedHeight(ctx: MethodContext): Promise<bigint> {
  return BigInt(await ctx.upstream<string>('eth_blockNumber'));
}

/** A block by height or hash, with the adaptor's shape; null when anvil has none. */
async function shapedBlock(
  ctx: MethodContext,
  method: 'eth_getBlockByNumber' | 'eth_getBlockByHash',
  id: string,
  txDetails: boolean,
): Promise<Record<string, unknown> | null> {
  const block = await ctx.upstream<AnvilBlock | null>(method, [id, txDetails]);
  if (!block) return null;
  let lastGasUsed = 0n;
  const last = block.transactions.at(-1);
  if (txDetails && last && typeof last !== 'string') {
    const receipt = await ctx.upstream<AnvilReceipt | null>('eth_getTransactionReceipt', [
      last.hash,
    ]);
    lastGasUsed = BigInt(receipt?.gasUsed ?? 0);
  }
  return blockJson(block, txDetails, lastGasUsed);
}

/** `eth_getBlockByNumber`: retried for a block not there yet, then `empty block`. */
async function blockByHeight(ctx: MethodContext, tag: string, txDetails: boolean) {
  let height = heightByTag(tag);
  if (height === 'finalized') height = await finalizedHeight(ctx);
  for (let i = 0; i < FINALIZATION_TRIES; i++) {
    const block = await shapedBlock(ctx, 'eth_getBlockByNumber', quantity(height), txDetails);
    if (block) return block;
    await ctx.sleep(ctx.blockIntervalMs);
  }
  throw methodError('empty block');
}

async function transactionByBlock(
  ctx: MethodContext,
  block: AnvilBlock | null,
  index: string,
): Promise<unknown> {
  const tx = block?.transactions[Number(hexToBigInt(index))];
  if (!block || !tx || typeof tx === 'string') throw methodError('empty block');
  return transactionJson(tx, 0);
}

const METHODS: Record<string, Method> = {
  eth_accounts: {
    params: [],
    // The public adaptors hold no test wallets.
    run: async () => [],
  },
  eth_blockNumber: {
    params: [],
    run: async (ctx) => quantity(await finalizedHeight(ctx)),
  },
  eth_chainId: {
    params: [],
    run: async (ctx) => quantity(await ctx.upstream<string>('eth_chainId')),
  },
  net_version: {
    params: [],
    // Hex like eth_chainId, where Ethereum nodes answer a decimal string.
    run: async (ctx) => quantity(await ctx.upstream<string>('eth_chainId')),
  },
  web3_clientVersion: { params: [], run: async () => '' },
  eth_protocolVersion: { params: [], run: async () => THETA_NODE_VERSION },
  eth_syncing: { params: [], run: async () => false },
  rpc_modules: {
    params: [],
    run: async () => ({ eth: '1.0', net: '1.0', rpc: '1.0', web3: '1.0' }),
  },
  eth_gasPrice: {
    params: [],
    // The average price of the finalized block's smart-contract transactions, else the default.
    // On Theta every transaction in a block paid at least the ledger's minimum, so the average
    // never falls below it; anvil's blocks may hold cheaper ones (a test's own transactions sent
    // to anvil directly), so the double answers at least the minimum.
    run: async (ctx) => {
      const block = await ctx.upstream<AnvilBlock>('eth_getBlockByNumber', ['latest', true]);
      const prices = block.transactions
        .filter((tx): tx is AnvilTransaction => typeof tx !== 'string')
        .map((tx) => BigInt(tx.gasPrice ?? 0));
      if (prices.length > 0) {
        const average = prices.reduce((a, b) => a + b, 0n) / BigInt(prices.length);
        return quantity(average > ctx.minGasPriceWei ? average : ctx.minGasPriceWei);
      }
      const chainId = BigInt(await ctx.upstream<string>('eth_chainId'));
      return quantity(chainId > 1000n ? SUBCHAIN_GAS_PRICE : DEFAULT_GAS_PRICE);
    },
  },
  eth_getBalance: {
    params: [str, str],
    run: async (ctx, [address, tag]) => {
      try {
        const wei = await ctx.upstream<string>('eth_getBalance', [
          address,
          blockParam(heightByTag(tag as string)),
        ]);
        return quantity(wei);
      } catch {
        return '0x0';
      }
    },
  },
  eth_getCode: {
    params: [str, str],
    run: async (ctx, [address, tag]) => {
      const code = await ctx
        .upstream<string>('eth_getCode', [address, blockParam(heightByTag(tag as string))])
        .catch((error: Error) => {
          throw nodeError(error.message);
        });
      return code && code !== '0x' ? code : '0x';
    },
  },
  eth_getStorageAt: {
    params: [str, str, str],
    // Theta answers the word as unprefixed hex, and a zero word as `0x0`.
    run: async (ctx, [address, position, tag]) => {
      const value = await ctx
        .upstream<string>('eth_getStorageAt', [
          address,
          position,
          blockParam(heightByTag(tag as string)),
        ])
        .catch((error: Error) => {
          throw nodeError(error.message);
        });
      const digits = value.slice(2).padStart(64, '0');
      return /^0+$/.test(digits) ? '0x0' : digits;
    },
  },
  eth_getTransactionCount: {
    params: [str, str],
    // The node's screened view: accepted transactions count before they are in a block.
    run: async (ctx, [address, tag]) => {
      const height = heightByTag(tag as string);
      try {
        const count = await ctx.upstream<string>('eth_getTransactionCount', [
          address,
          height === 'finalized' ? 'pending' : quantity(height),
        ]);
        return quantity(count);
      } catch {
        return '0x0';
      }
    },
  },
  eth_call: {
    // The tag is required by the Go signature and then ignored: calls run on the latest state.
    params: [callArgs, any],
    run: async (ctx, [arg]) => {
      const given =
        typeof (arg as { gas?: unknown }).gas === 'string' ? (arg as { gas: string }).gas : '';
      // strconv.ParseUint(gas, 16, 64): a `0x` prefix does not parse, so the block limit is used.
      const parsed = /^[0-9a-fA-F]{1,16}$/.test(given) ? BigInt(`0x${given}`) : undefined;
      const gas =
        parsed === undefined || parsed > BigInt(BLOCK_GAS_LIMIT) ? BigInt(BLOCK_GAS_LIMIT) : parsed;
      const call = smartContractCall(arg as Record<string, unknown>, gas);
      for (let i = 0; ; i++) {
        try {
          const result = await ctx.upstream<string>('eth_call', [call, 'latest']);
          return `0x${result.replace(/^0x/, '')}`;
        } catch (error) {
          // "It might take some time for a tx to be finalized": every failure is retried.
          if (i === CALL_TRIES - 1) throw vmError(error);
          await ctx.sleep(ctx.blockIntervalMs);
        }
      }
    },
  },
  eth_estimateGas: {
    params: [callArgs],
    run: async (ctx, [arg]) => {
      const given = (arg as { gas?: unknown }).gas;
      const gas = typeof given === 'string' && given !== '' ? hexToBigInt(given) : DEFAULT_GAS;
      const call = smartContractCall(arg as Record<string, unknown>, gas);
      let used: bigint;
      try {
        used = BigInt(await ctx.upstream<string>('eth_estimateGas', [call]));
      } catch (error) {
        throw vmError(error);
      }
      const withMargin = BigInt(Math.floor(1.1 * Number(used)));
      return quantity(withMargin >= BigInt(BLOCK_GAS_LIMIT) ? BigInt(BLOCK_GAS_LIMIT) : withMargin);
    },
  },
  eth_sendRawTransaction: {
    params: [str],
    run: async (ctx, [raw]) => {
      let tx: Transaction;
      try {
        tx = Transaction.from(raw as string);
      } catch (error) {
        throw nodeError((error as Error).message);
      }
      // The node decodes an Ethereum transaction as one RLP list: typed envelopes fail there.
      if (tx.type !== 0) throw nodeError('rlp: expected input list for types.EthTransaction');
      if ((tx.gasPrice ?? 0n) < ctx.minGasPriceWei) {
        throw nodeError(
          `Insufficient gas price. Gas price needs to be at least ${ctx.minGasPriceWei} TFuelWei`,
        );
      }
      return ctx.upstream<string>('eth_sendRawTransaction', [raw]).catch((error: Error) => {
        throw nodeError(error.message);
      });
    },
  },
  eth_sendTransaction: {
    params: [callArgs],
    // Signing needs a test wallet; without one the adaptor answers an empty hash, no error.
    run: async () => '',
  },
  eth_sign: {
    params: [str, str],
    run: async (_ctx, [account]) => {
      throw methodError(
        `testAddress not found : ${String(account).toLowerCase()}, TestWallets map[]`,
      );
    },
  },
  eth_signTypedData: {
    params: [str, { kind: 'object', go: 'common.TypedDataPara' }],
    run: async (_ctx, [account]) => {
      throw methodError(
        `testAddress not found : ${String(account).toLowerCase()}, TestWallets map[]`,
      );
    },
  },
  eth_getTransactionReceipt: {
    params: [str],
    // Up to five looks one block apart (sleeping after each miss, the last one too), then
    // the zero-filled receipt: never null.
    run: async (ctx, [hash]) => {
      for (let i = 0; i < FINALIZATION_TRIES; i++) {
        const receipt = await ctx.upstream<AnvilReceipt | null>('eth_getTransactionReceipt', [
          hash,
        ]);
        if (receipt) return receiptJson(receipt);
        await ctx.sleep(ctx.blockIntervalMs);
      }
      return zeroReceipt();
    },
  },
  eth_getTransactionByHash: {
    params: [str],
    run: async (ctx, [hash]) => {
      for (let i = 0; i < FINALIZATION_TRIES; i++) {
        const tx = await ctx.upstream<AnvilTransaction | null>('eth_getTransactionByHash', [hash]);
        if (tx?.blockHash) return transactionJson(tx, tx.transactionIndex ?? 0);
        await ctx.sleep(ctx.blockIntervalMs);
      }
      throw methodError('could not find hash for tx');
    },
  },
  eth_getBlockByNumber: {
    params: [str, bool],
    run: (ctx, [tag, txDetails]) => blockByHeight(ctx, tag as string, txDetails as boolean),
  },
  eth_getBlockByHash: {
    params: [str, bool],
    run: async (ctx, [hash, txDetails]) => {
      const block = await shapedBlock(
        ctx,
        'eth_getBlockByHash',
        hash as string,
        txDetails as boolean,
      );
      if (!block) throw methodError('empty block');
      return block;
    },
  },
  eth_getBlockTransactionCountByNumber: {
    params: [str],
    run: async (ctx, [tag]) => {
      let height = heightByTag(tag as string);
      if (height === 'finalized') height = await finalizedHeight(ctx);
      const block = await ctx.upstream<AnvilBlock | null>('eth_getBlockByNumber', [
        quantity(height),
        false,
      ]);
      if (!block) throw methodError('empty block');
      return quantity(block.transactions.length);
    },
  },
  eth_getTransactionByBlockHashAndIndex: {
    params: [str, str],
    run: async (ctx, [hash, index]) =>
      transactionByBlock(
        ctx,
        await ctx.upstream<AnvilBlock | null>('eth_getBlockByHash', [hash, true]),
        index as string,
      ),
  },
  eth_getTransactionByBlockNumberAndIndex: {
    params: [str, str],
    run: async (ctx, [tag, index]) => {
      let height = heightByTag(tag as string);
      if (height === 'finalized') height = await finalizedHeight(ctx);
      return transactionByBlock(
        ctx,
        await ctx.upstream<AnvilBlock | null>('eth_getBlockByNumber', [quantity(height), true]),
        index as string,
      );
    },
  },
  eth_getUncleByBlockHashAndIndex: {
    params: [str, str],
    run: async () => emptyBlockJson(),
  },
  eth_getLogs: {
    params: [{ kind: 'object', go: 'ethrpc.EthGetLogsArgs' }],
    run: (ctx, [filter]) => {
      const blockhash = (filter as LogFilter).blockhash;
      if (blockhash !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(String(blockhash))) {
        throw invalidParams(`invalid argument 0: invalid blockhash ${JSON.stringify(blockhash)}`);
      }
      return getLogs(ctx.upstream, filter as LogFilter, ctx.logBlockRange);
    },
  },
};

/** The methods the adaptor registers, for tests and the README. */
export const THETA_RPC_METHODS = Object.keys(METHODS).sort();

const jsonType = (value: unknown) =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'boolean'
        ? 'bool'
        : typeof value;

/** Checks the arguments as go-ethereum decodes them into the Go signature. */
function checkParams(method: Method, params: unknown): unknown[] {
  if (params === undefined || params === null) params = [];
  if (!Array.isArray(params)) throw invalidParams('non-array args');
  if (params.length > method.params.length) {
    throw invalidParams(`too many arguments, want at most ${method.params.length}`);
  }
  method.params.forEach((param, i) => {
    const value = params[i];
    // Only pointer arguments may be left out; the adaptor's are all values.
    if (i >= params.length) throw invalidParams(`missing value for required argument ${i}`);
    const type = jsonType(value);
    const fits =
      param.kind === 'any' ||
      type === 'null' ||
      (param.kind === 'string' && type === 'string') ||
      (param.kind === 'bool' && type === 'bool') ||
      (param.kind === 'object' && type === 'object');
    if (!fits) {
      throw invalidParams(
        `invalid argument ${i}: json: cannot unmarshal ${type === 'bool' ? 'bool' : type} into Go value of type ${param.go}`,
      );
    }
  });
  return params.map((p, i) => (p === null && method.params[i]?.kind === 'string' ? '' : p));
}

/**
 * Runs one call: unknown methods answer go-ethereum's -32601, bad arguments -32602, and a
 * method's failure -32000 with a message and nothing else.
 */
export async function callMethod(
  ctx: MethodContext,
  name: string,
  params: unknown,
): Promise<unknown> {
  const method = METHODS[name];
  if (!method) throw methodNotFound(name);
  const args = checkParams(method, params);
  try {
    return await method.run(ctx, args);
  } catch (error) {
    if (error instanceof RpcError) throw error;
    if (error instanceof UpstreamError) throw nodeError(error.message);
    throw methodError(`failed to get theta RPC response: ${(error as Error).message}`);
  }
}
