import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { HDNodeWallet, JsonRpcProvider, Mnemonic, Wallet } from 'ethers';
import { DEV_MNEMONIC, LOCAL_CHAIN_ID, anvilBinary } from '@tem/contracts';
import { DevnetError } from './errors.js';
import type { RunningService, Supervisor } from './supervisor.js';

/**
 * Which anvil dev account plays which part in the demo. The three verifiers each run a functions
 * server with their own key; the demo task names all three with threshold 2 (their addresses
 * ascend in this order, so verifierN is index N - 1 in the task's set).
 */
export const ROLES = {
  deployer: 0,
  owner: 1,
  runner: 2,
  verifier1: 7,
  verifier2: 8,
  verifier3: 9,
} as const;
export type Role = keyof typeof ROLES;

/** The verifier roles, in the order of their functions servers (the first serves the site). */
export const VERIFIER_ROLES = ['verifier1', 'verifier2', 'verifier3'] as const;
export type VerifierRole = (typeof VERIFIER_ROLES)[number];

/** Options of {@link startChain}. */
export interface StartChainOptions {
  port: number;
  /** The state file anvil loads at start (when present) and dumps on exit and every few seconds. */
  stateFile: string;
  blockTime: number;
}

/** The supervised anvil and what the stack needs from it. */
export interface LocalChain {
  rpcUrl: string;
  service: RunningService;
  provider: JsonRpcProvider;
  /** A wallet of the dev account playing `role`. */
  wallet(role: Role): Wallet;
  address(role: Role): string;
  /** Timestamp of the latest block. */
  now(): Promise<bigint>;
  /** Moves chain time forward by `seconds` and mines a block. */
  increaseTime(seconds: bigint): Promise<void>;
}

/**
 * Starts anvil as a child of `supervisor`: chain id 366, hardfork istanbul (TaskMarket's
 * evmVersion; Theta lacks later opcodes), a block every `blockTime` seconds so chain time moves,
 * state persisted in `stateFile`.
 */
export async function startChain(
  supervisor: Supervisor,
  options: StartChainOptions,
): Promise<LocalChain> {
  await mkdir(path.dirname(options.stateFile), { recursive: true });
  const rpcUrl = `http://127.0.0.1:${options.port}`;
  const service = await supervisor.start({
    name: 'anvil',
    command: anvilBinary(),
    args: [
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--chain-id',
      String(LOCAL_CHAIN_ID),
      '--hardfork',
      'istanbul',
      '--mnemonic',
      DEV_MNEMONIC,
      '--accounts',
      '10',
      '--balance',
      '10000',
      '--block-time',
      String(options.blockTime),
      '--state',
      options.stateFile,
      '--state-interval',
      '5',
    ],
    ready: (signal) => waitForChainId(rpcUrl, signal),
    readyTimeoutMs: 60_000,
  });
  const provider = new JsonRpcProvider(rpcUrl, LOCAL_CHAIN_ID, {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 250,
  });
  return {
    rpcUrl,
    service,
    provider,
    wallet: (role) => new Wallet(devPrivateKey(role), provider),
    address: (role) => new Wallet(devPrivateKey(role)).address,
    async now() {
      const block = await provider.getBlock('latest');
      if (!block) throw new DevnetError('anvil', 'anvil returned no latest block');
      return BigInt(block.timestamp);
    },
    async increaseTime(seconds) {
      await provider.send('evm_increaseTime', [Number(seconds)]);
      await provider.send('evm_mine', []);
    },
  };
}

/** The private key of a dev account (public knowledge: local chains only; never printed). */
export function devPrivateKey(role: Role): string {
  return HDNodeWallet.fromMnemonic(
    Mnemonic.fromPhrase(DEV_MNEMONIC),
    `m/44'/60'/0'/0/${ROLES[role]}`,
  ).privateKey;
}

async function waitForChainId(rpcUrl: string, signal: AbortSignal): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        signal,
      });
      const { result } = (await response.json()) as { result?: string };
      if (result !== undefined) {
        if (Number(result) !== LOCAL_CHAIN_ID)
          throw new DevnetError('anvil', `chain id ${Number(result)}, expected ${LOCAL_CHAIN_ID}`);
        return;
      }
    } catch (error) {
      if (error instanceof DevnetError || signal.aborted) throw error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
