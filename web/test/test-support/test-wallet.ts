/**
 * An EIP-1193 test wallet injected into the page before the site loads: it announces itself through
 * EIP-6963 (and sets window.ethereum), starts on a foreign chain so the site must switch (and add)
 * the network, and forwards every RPC call to anvil, whose dev accounts are unlocked, so
 * `eth_sendTransaction` is signed by anvil with its dev key. The page never holds a key. Like an
 * extension's, its RPC traffic leaves outside the page (a playwright binding, `WALLET_RPC_BINDING`),
 * so the site's Content-Security-Policy, which allows only the site's own RPC, does not apply.
 */
export interface TestWalletOptions {
  account: string;
  chainId: number;
  name: string;
  /** Announce through EIP-6963 (true) or only set window.ethereum (a legacy wallet). */
  announce: boolean;
}

/** The page function the wallet's RPC calls go through (bound per browser context). */
export const WALLET_RPC_BINDING = '__temWalletRpc';

/** What the binding answers: a JSON-RPC result or error. */
export interface WalletRpcAnswer {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** Forwards one call to the wallet's node (anvil), for `context.exposeBinding`. */
export async function walletRpc(
  rpcUrl: string,
  method: string,
  params: unknown,
): Promise<WalletRpcAnswer> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: params ?? [] }),
  });
  const body = (await response.json()) as WalletRpcAnswer;
  return body.error ? { error: body.error } : { result: body.result };
}

/** Runs in the page (serialised by playwright's addInitScript). */
export function installTestWallet(options: TestWalletOptions): void {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const emit = (event: string, value: unknown) => listeners.get(event)?.forEach((l) => l(value));
  let chainId = 1;
  let knowsChain = false;
  const log: { method: string; params: unknown }[] = [];
  (window as unknown as { __walletLog: typeof log }).__walletLog = log;
  const rpc = async (method: string, params: unknown) => {
    const forward = (
      window as unknown as {
        __temWalletRpc: (method: string, params: unknown) => Promise<WalletRpcAnswer>;
      }
    ).__temWalletRpc;
    const body = await forward(method, params ?? []);
    if (body.error) throw Object.assign(new Error(body.error.message), body.error);
    return body.result;
  };
  const provider = {
    isTestWallet: true,
    async request({ method, params }: { method: string; params?: unknown }) {
      log.push({ method, params });
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts':
          return [options.account];
        case 'eth_chainId':
          return `0x${chainId.toString(16)}`;
        case 'net_version':
          return String(chainId);
        case 'wallet_switchEthereumChain': {
          const wanted = Number.parseInt((params as [{ chainId: string }])[0].chainId, 16);
          if (wanted !== options.chainId || !knowsChain) {
            throw Object.assign(new Error('Unrecognized chain ID'), { code: 4902 });
          }
          chainId = wanted;
          emit('chainChanged', `0x${chainId.toString(16)}`);
          return null;
        }
        case 'wallet_addEthereumChain': {
          const p = (
            params as [{ chainId: string; rpcUrls: string[]; nativeCurrency: { symbol: string } }]
          )[0];
          if (Number.parseInt(p.chainId, 16) !== options.chainId) {
            throw Object.assign(new Error('wrong chain'), { code: 4001 });
          }
          knowsChain = true;
          chainId = options.chainId;
          emit('chainChanged', p.chainId);
          return null;
        }
        case 'eth_sendTransaction': {
          const w = window as unknown as { __rejectNext?: boolean };
          if (w.__rejectNext) {
            w.__rejectNext = false;
            throw Object.assign(new Error('User rejected the request.'), { code: 4001 });
          }
          if (chainId !== options.chainId)
            throw Object.assign(new Error('wallet is on another chain'), { code: 4100 });
          const tx = { ...(params as [Record<string, unknown>])[0], from: options.account };
          return rpc('eth_sendTransaction', [tx]);
        }
        case 'eth_sign':
        case 'personal_sign':
        case 'eth_signTypedData_v4':
          throw Object.assign(new Error('the test wallet does not sign messages'), { code: 4200 });
        default:
          return rpc(method, params);
      }
    },
    on(event: string, listener: (...args: unknown[]) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
    },
    removeListener(event: string, listener: (...args: unknown[]) => void) {
      listeners.get(event)?.delete(listener);
    },
  };
  const info = Object.freeze({
    uuid: '6f1e9a4e-0000-4000-8000-000000000001',
    name: options.name,
    icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="16" height="16"/%3E',
    rdns: 'org.tem.testwallet',
  });
  const announce = () =>
    window.dispatchEvent(
      new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }),
    );
  if (options.announce) {
    window.addEventListener('eip6963:requestProvider', announce);
    announce();
  }
  (window as unknown as { ethereum: typeof provider }).ethereum = provider;
}
