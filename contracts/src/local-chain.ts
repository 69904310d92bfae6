/**
 * A local Theta-like chain for tests and `npm start`: anvil with chain id 366 and hardfork
 * istanbul (so opcodes Theta lacks fail), on a free port, killed on `stop()` and on process exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HDNodeWallet, JsonRpcProvider, Mnemonic, Wallet } from 'ethers';
import { LocalChainError } from './errors.js';

/** The mnemonic anvil derives its dev accounts from (public, for local chains only). */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/** Chain id of the local chain (Theta privatenet). */
export const LOCAL_CHAIN_ID = 366;

/** Options of {@link startAnvil}. */
export interface StartAnvilOptions {
  /** Port to listen on; default: a free one chosen by anvil. */
  port?: number;
  /** Seconds between blocks; default: a block per transaction (automine). */
  blockTime?: number;
  /** Number of dev accounts (default 10). */
  accounts?: number;
  /** Balance of each dev account in ether (default 10000). */
  balanceEther?: number;
  /** Milliseconds to wait for anvil to listen (default 30000). */
  startTimeoutMs?: number;
}

/** A dev account of the local chain; its key is public knowledge, never use it elsewhere. */
export interface DevAccount {
  address: string;
  privateKey: string;
}

/** A running anvil. */
export interface AnvilChain {
  rpcUrl: string;
  chainId: number;
  /** Process id of anvil. */
  pid: number | undefined;
  /** The dev accounts, funded, in anvil's order. */
  accounts: readonly DevAccount[];
  /** A provider that never caches (so reads after `evm_mine` are fresh). */
  provider: JsonRpcProvider;
  /** A wallet of dev account `index`, connected to {@link AnvilChain.provider}. */
  wallet(index: number): Wallet;
  /** Moves the chain clock forward by `seconds` and mines a block. */
  increaseTime(seconds: number | bigint): Promise<void>;
  /** Mines `blocks` blocks (default 1). */
  mine(blocks?: number): Promise<void>;
  /** Timestamp of the latest block, in seconds. */
  now(): Promise<bigint>;
  /** Takes a snapshot of the chain state; pass its id to {@link AnvilChain.revert}. */
  snapshot(): Promise<string>;
  /** Reverts to a snapshot (which is consumed: take a new one to revert again). */
  revert(snapshotId: string): Promise<void>;
  /** Sets the balance of `address` in wei. */
  setBalance(address: string, wei: bigint): Promise<void>;
  /** Stops anvil; safe to call twice. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killRunning(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/**
 * Kills running anvils when this process exits, and also on SIGINT/SIGTERM/SIGHUP, which end a
 * Node process without an 'exit' event. When nobody else listens for the signal, it is re-raised
 * after the kill so the process still ends as it would have.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killRunning);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killRunning();
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

/** The anvil binary: `$ANVIL_BIN`, the platform package of @foundry-rs/anvil, or `anvil` on PATH. */
export function anvilBinary(): string {
  const fromEnv = process.env.ANVIL_BIN;
  if (fromEnv) return fromEnv;
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  try {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve(`${pkg}/package.json`));
    const bin = path.join(dir, 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
    if (existsSync(bin)) return bin;
  } catch {
    // fall through to PATH
  }
  return 'anvil';
}

/**
 * Starts anvil with chain id 366 and hardfork istanbul and waits until it answers JSON-RPC.
 *
 * @example
 * const chain = await startAnvil();
 * const { address } = await deployTaskMarket(chain.wallet(0));
 * await chain.stop();
 */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<AnvilChain> {
  const accountCount = options.accounts ?? 10;
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port ?? 0),
    '--chain-id',
    String(LOCAL_CHAIN_ID),
    '--hardfork',
    'istanbul',
    '--accounts',
    String(accountCount),
    '--balance',
    String(options.balanceEther ?? 10_000),
    '--mnemonic',
    DEV_MNEMONIC,
  ];
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));

  installExitHook();
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  // Let the parent exit even if a caller forgets stop(); the exit hook kills the child then.
  child.unref();
  const output: string[] = [];
  const remember = (chunk: Buffer): void => {
    output.push(chunk.toString('utf8'));
    if (output.length > 50) output.shift();
  };
  child.stderr?.on('data', remember);

  let port: number;
  try {
    port = await waitForListening(child, output, options.startTimeoutMs ?? 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    running.delete(child);
    throw err;
  }
  // Keep draining stdout (anvil logs every transaction) so the pipe never fills up.
  child.stdout?.on('data', remember);
  for (const stream of [child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }

  const rpcUrl = `http://127.0.0.1:${port}`;
  const provider = new JsonRpcProvider(rpcUrl, LOCAL_CHAIN_ID, {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 50,
  });
  const mnemonic = Mnemonic.fromPhrase(DEV_MNEMONIC);
  const accounts = Array.from({ length: accountCount }, (_, i) => {
    const w = HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`);
    return { address: w.address, privateKey: w.privateKey };
  });

  let stopped = false;
  const chain: AnvilChain = {
    rpcUrl,
    chainId: LOCAL_CHAIN_ID,
    pid: child.pid,
    accounts,
    provider,
    wallet(index) {
      const account = accounts[index];
      if (!account)
        throw new LocalChainError(`no dev account ${index} (there are ${accounts.length})`);
      return new Wallet(account.privateKey, provider);
    },
    async increaseTime(seconds) {
      await provider.send('evm_increaseTime', [Number(seconds)]);
      await provider.send('evm_mine', []);
    },
    async mine(blocks = 1) {
      await provider.send('anvil_mine', [`0x${blocks.toString(16)}`]);
    },
    async now() {
      const block = await provider.getBlock('latest');
      if (!block) throw new LocalChainError('anvil returned no latest block');
      return BigInt(block.timestamp);
    },
    async snapshot() {
      return (await provider.send('evm_snapshot', [])) as string;
    },
    async revert(snapshotId) {
      const ok = (await provider.send('evm_revert', [snapshotId])) as boolean;
      if (!ok) throw new LocalChainError(`evm_revert to snapshot ${snapshotId} failed`);
    },
    async setBalance(address, wei) {
      await provider.send('anvil_setBalance', [address, `0x${wei.toString(16)}`]);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      provider.destroy();
      await killAndWait(child);
      running.delete(child);
    },
  };
  await waitForRpc(provider, output);
  return chain;
}

function waitForListening(
  child: ChildProcess,
  output: string[],
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const fail = (message: string): void => {
      cleanup();
      reject(new LocalChainError(`${message}\n${output.join('').slice(-2000)}`));
    };
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      output.push(chunk.toString('utf8'));
      const match = /Listening on [^\s:]+:(\d+)/.exec(buffered);
      if (match?.[1]) {
        cleanup();
        resolve(Number(match[1]));
      } else if (buffered.length > 100_000) {
        buffered = buffered.slice(-1000);
      }
    };
    const onExit = (code: number | null, signal: string | null): void =>
      fail(`anvil exited before listening (code ${code}, signal ${signal})`);
    const onError = (err: Error): void =>
      fail(`cannot start anvil (${anvilBinary()}): ${err.message}`);
    const timer = setTimeout(() => fail(`anvil did not listen within ${timeoutMs} ms`), timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function waitForRpc(provider: JsonRpcProvider, output: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const id = (await provider.send('eth_chainId', [])) as string;
      if (Number(id) !== LOCAL_CHAIN_ID) {
        throw new LocalChainError(
          `anvil reports chain id ${Number(id)}, expected ${LOCAL_CHAIN_ID}`,
        );
      }
      return;
    } catch (err) {
      if (err instanceof LocalChainError) throw err;
      if (Date.now() > deadline) {
        throw new LocalChainError(
          `anvil does not answer JSON-RPC: ${(err as Error).message}\n${output.join('').slice(-2000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
