/**
 * A lean JSON-RPC driver for the property runs: thousands of transactions per run, so it talks to
 * anvil directly (anvil signs for its unlocked dev accounts, every block is one second after the
 * last), reads the whole market state in one batched request, and sends contract actors' calls
 * through their controllers.
 */
import {
  AbiCoder,
  WebSocketProvider,
  type Result,
  type TypedDataDomain,
  TypedDataEncoder,
  type TypedDataField,
  getAddress,
} from 'ethers';
import { taskMarketInterface } from '@tem/core/market';
import type { CompiledContract } from '../../scripts/solc.js';

interface RpcRequest {
  method: string;
  params: unknown[];
}

/** Thrown when anvil answers a request with an error. */
export class RpcError extends Error {
  override name = 'RpcError';
}

/** Who sends a TaskMarket call: a dev account itself, or a contract driven by a dev account. */
export interface Actor {
  name: string;
  /** msg.sender at TaskMarket. */
  address: string;
  /** The dev account that signs the transaction. */
  sender: string;
  /** For contracts: 0 accepts TFuel, 1 rejects it, 2 re-enters (and rejects a 2300-gas stipend). */
  mode?: 0 | 1 | 2;
}

const abi = AbiCoder.defaultAbiCoder();

/**
 * Signs EIP-712 data with an anvil dev account through `eth_signTypedData_v4`: anvil signs in a
 * few hundred microseconds where pure-JS secp256k1 takes about 12 ms here, and a property run
 * signs thousands of seeds and scores. The signatures are the same (RFC 6979).
 */
export class AnvilSigner {
  constructor(
    readonly driver: ChainDriver,
    readonly address: string,
  ) {}

  async signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    const payload = TypedDataEncoder.getPayload(domain, types, value);
    return (await this.driver.call('eth_signTypedData_v4', [this.address, payload])) as string;
  }
}

export class ChainDriver {
  #gasPrice = '0x0';
  // A WebSocket: far less work per request than an HTTP round trip, and a run makes thousands.
  readonly #socket: WebSocketProvider;

  constructor(
    readonly url: string,
    readonly market: string,
  ) {
    this.#socket = new WebSocketProvider(url.replace(/^http/, 'ws'), 366, { staticNetwork: true });
  }

  /** Sends the requests side by side; throws {@link RpcError} if any fails. */
  async batch(requests: readonly RpcRequest[]): Promise<unknown[]> {
    const answers = await this.tryBatch(requests);
    return answers.map((a, i) => {
      if (a.error !== undefined) throw new RpcError(`${requests[i]!.method}: ${a.error}`);
      return a.result;
    });
  }

  /** Like {@link batch}, but hands back each answer or error instead of throwing. */
  async tryBatch(requests: readonly RpcRequest[]): Promise<{ result?: unknown; error?: string }[]> {
    return Promise.all(
      requests.map((r) =>
        this.#socket.send(r.method, r.params).then(
          (result: unknown) => ({ result }),
          (err: unknown) => ({ error: (err as Error).message ?? String(err) }),
        ),
      ),
    );
  }

  async call(method: string, params: unknown[] = []): Promise<unknown> {
    return (await this.batch([{ method, params }]))[0];
  }

  async close(): Promise<void> {
    await this.#socket.destroy();
  }

  async init(): Promise<void> {
    this.#gasPrice = (await this.call('eth_gasPrice')) as string;
    await this.call('anvil_setBlockTimestampInterval', [1]);
  }

  /** Sends a transaction from a dev account; resolves to its hash once mined (automine). */
  async send(from: string, to: string | undefined, data: string, value = 0n): Promise<string> {
    const tx: Record<string, string> = {
      from,
      data,
      value: `0x${value.toString(16)}`,
      gas: '0x2dc6c0',
      gasPrice: this.#gasPrice,
    };
    if (to) tx.to = to;
    return (await this.call('eth_sendTransaction', [tx])) as string;
  }

  /** Sends a TaskMarket call as `actor` (through its controller when it is a contract). */
  sendAs(
    actor: Actor,
    functionName: string,
    args: readonly unknown[],
    value = 0n,
  ): Promise<string> {
    const data = taskMarketInterface.encodeFunctionData(functionName, args);
    if (actor.sender === actor.address) return this.send(actor.sender, this.market, data, value);
    const execute = `0x09c5eabe${abi.encode(['bytes'], [data]).slice(2)}`;
    return this.send(actor.sender, actor.address, execute, value);
  }

  /** Deploys `compiled` with ABI-encoded constructor arguments; returns its address. */
  async deploy(
    from: string,
    compiled: CompiledContract,
    types: string[],
    args: unknown[],
    value = 0n,
  ): Promise<string> {
    const hash = await this.send(
      from,
      undefined,
      compiled.bytecode + abi.encode(types, args).slice(2),
      value,
    );
    const receipt = (await this.receipt(hash)) as {
      contractAddress?: string | null;
      status: string;
    };
    if (receipt.status !== '0x1') throw new RpcError(`deploying ${compiled.contractName} failed`);
    return receipt.contractAddress ? getAddress(receipt.contractAddress) : '';
  }

  /** The receipt of a transaction, polled until its block is mined. */
  async receipt(hash: string): Promise<{ status: string; blockNumber: string }> {
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      const receipt = (await this.call('eth_getTransactionReceipt', [hash])) as {
        status: string;
        blockNumber: string;
      } | null;
      if (receipt) return receipt;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /** Sets the timestamp of the next block (later blocks follow one second apart). */
  setNextTimestamp(timestamp: bigint): Promise<unknown> {
    return this.call('evm_setNextBlockTimestamp', [Number(timestamp)]);
  }

  async latestTimestamp(): Promise<bigint> {
    const block = (await this.call('eth_getBlockByNumber', ['latest', false])) as {
      timestamp: string;
    };
    return BigInt(block.timestamp);
  }

  async blockNumber(): Promise<number> {
    return Number(await this.call('eth_blockNumber'));
  }

  async snapshot(): Promise<string> {
    return (await this.call('evm_snapshot')) as string;
  }

  async revert(id: string): Promise<void> {
    if (!(await this.call('evm_revert', [id]))) throw new RpcError(`evm_revert ${id} failed`);
  }

  /** An `eth_call` request of a TaskMarket view, for {@link batch}. */
  viewRequest(functionName: string, args: readonly unknown[]): RpcRequest {
    return {
      method: 'eth_call',
      params: [
        { to: this.market, data: taskMarketInterface.encodeFunctionData(functionName, args) },
        'latest',
      ],
    };
  }

  decodeView(functionName: string, data: unknown): Result {
    return taskMarketInterface.decodeFunctionResult(functionName, data as string);
  }
}
