/**
 * A test double of Theta's ETH-RPC adaptor (thetatoken/theta-eth-rpc-adaptor) in front of anvil,
 * written from its source: only the methods it registers (rpc/ethrpc, netrpc, web3rpc, evmrpc),
 * so `eth_maxPriorityFeePerGas` and `eth_feeHistory` are unknown; `eth_call`/`eth_estimateGas`
 * failures are plain `-32000` errors without revert data (eth_call.go returns `VmError` as the
 * error text); a receipt request for an unknown transaction waits and answers a zero-filled
 * receipt (eth_get_transaction_receipt.go retries 5 blocks, then returns its empty result);
 * `eth_getLogs` refuses more than 5000 blocks (eth_get_logs.go); only legacy transactions can be
 * sent (Theta's ledger translates legacy EIP-155 transactions only, ledger/types/eth_tx_utils.go).
 * It counts the methods called so tests can assert what the client did.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const METHODS = new Set([
  'eth_accounts',
  'eth_blockNumber',
  'eth_call',
  'eth_chainId',
  'eth_estimateGas',
  'eth_gasPrice',
  'eth_getBalance',
  'eth_getBlockByHash',
  'eth_getBlockByNumber',
  'eth_getBlockTransactionCountByNumber',
  'eth_getCode',
  'eth_getLogs',
  'eth_getStorageAt',
  'eth_getTransactionByBlockHashAndIndex',
  'eth_getTransactionByBlockNumberAndIndex',
  'eth_getTransactionByHash',
  'eth_getTransactionCount',
  'eth_getTransactionReceipt',
  'eth_getUncleByBlockHashAndIndex',
  'eth_protocolVersion',
  'eth_sendRawTransaction',
  'eth_sendTransaction',
  'eth_sign',
  'eth_signTypedData',
  'eth_syncing',
  'evm_mine',
  'evm_revert',
  'evm_snapshot',
  'net_version',
  'web3_clientVersion',
]);

const ZERO_HASH = `0x${'0'.repeat(64)}`;
const ZERO_ADDRESS = `0x${'0'.repeat(40)}`;

/** The adaptor's answer for a transaction it does not know: every field zero, logs null. */
export const ZERO_FILLED_RECEIPT = {
  blockHash: ZERO_HASH,
  blockNumber: '0x0',
  transactionHash: ZERO_HASH,
  transactionIndex: '0x0',
  contractAddress: ZERO_ADDRESS,
  from: ZERO_ADDRESS,
  to: ZERO_ADDRESS,
  gasUsed: '0x0',
  cumulativeGasUsed: '0x0',
  logs: null,
  logsBloom: '',
  status: '0x0',
};

interface RpcRequest {
  jsonrpc: '2.0';
  id: unknown;
  method: string;
  params?: unknown[];
}

/** A running adaptor double. */
export interface ThetaRpcProxy {
  url: string;
  /** How often each method was called. */
  calls: Map<string, number>;
  stop(): Promise<void>;
}

/** Starts the double on a free port in front of `upstream` (anvil's URL). */
export async function startThetaRpcProxy(
  upstream: string,
  options: { receiptDelayMs?: number } = {},
): Promise<ThetaRpcProxy> {
  const calls = new Map<string, number>();
  const forward = async (request: RpcRequest) => {
    const response = await fetch(upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    return (await response.json()) as {
      result?: unknown;
      error?: { code: number; message: string; data?: unknown };
    };
  };
  const handle = async (request: RpcRequest) => {
    const reply = (body: object) => ({ jsonrpc: '2.0', id: request.id, ...body });
    calls.set(request.method, (calls.get(request.method) ?? 0) + 1);
    if (!METHODS.has(request.method)) {
      return reply({
        error: {
          code: -32601,
          message: `the method ${request.method} does not exist/is not available`,
        },
      });
    }
    const params = request.params ?? [];
    if (request.method === 'eth_getLogs') {
      const filter = (params[0] ?? {}) as { fromBlock?: string; toBlock?: string };
      const latest = Number(
        (await forward({ jsonrpc: '2.0', id: 0, method: 'eth_blockNumber' })).result,
      );
      const block = (tag: string | undefined) =>
        tag === undefined || tag === 'latest' || tag === 'pending' ? latest : Number(tag);
      const span = block(filter.toBlock) - block(filter.fromBlock) + 1;
      if (span > 5000) {
        return reply({
          error: {
            code: -32000,
            message: `block range too large, we currently allow querying for at most 5000 blocks at a time`,
          },
        });
      }
    }
    if (request.method === 'eth_sendRawTransaction') {
      const raw = String(params[0] ?? '');
      if (parseInt(raw.slice(2, 4), 16) < 0xc0) {
        return reply({
          error: { code: -32000, message: 'rlp: expected input list for types.EthTransaction' },
        });
      }
    }
    const answer = await forward({ ...request, params });
    if (answer.error) {
      // eth_call.go / eth_estimate_gas.go: the VM error as text, never revert data.
      return reply({
        error: {
          code: -32000,
          message: answer.error.message.split(':')[0] ?? 'execution reverted',
        },
      });
    }
    if (request.method === 'eth_getTransactionReceipt' && answer.result === null) {
      await new Promise((resolve) => setTimeout(resolve, options.receiptDelayMs ?? 200));
      const again = await forward(request);
      return reply({ result: again.result ?? ZERO_FILLED_RECEIPT });
    }
    return reply({ result: answer.result });
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      void (async () => {
        let parsed: RpcRequest | RpcRequest[];
        try {
          parsed = JSON.parse(body) as RpcRequest | RpcRequest[];
        } catch {
          res.writeHead(400).end();
          return;
        }
        const answer = Array.isArray(parsed)
          ? await Promise.all(parsed.map(handle))
          : await handle(parsed);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
