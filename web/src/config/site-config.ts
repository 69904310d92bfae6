/** Where the site reads and writes: one build serves every deployment through `config.json`. */
export interface SiteConfig {
  /** EVM chain id the contract lives on (361 mainnet, 365 testnet, 366 local/privatenet). */
  chainId: number;
  /** JSON-RPC endpoint used for every read (no wallet needed). */
  rpcUrl: string;
  /** TaskMarket address, or null when no market is deployed on this chain yet. */
  marketAddress: string | null;
  /** First block to scan for events (the deployment block). */
  deployBlock: number;
  /** Path-style IPFS gateways (`https://host`), tried in order; every block is verified. */
  gateways: string[];
  /** Gateway for links people click (a path gateway serving files), e.g. `https://dweb.link`. */
  linkGateway: string;
  /** Local gateway base URL accepting CAR uploads, or null when uploads are not offered. */
  uploadUrl: string | null;
  /** Functions base URL (`/api/tasks` accelerator), or null. The site works without it. */
  functionsUrl: string | null;
  /**
   * The verification endpoints this deployment knows (`…/api/verify` and the address it signs
   * as), 0 to 7: the wizard proposes them for new tasks, and the task page asks them for signed
   * scores and seed material of the tasks that name their address (the site fetches no other
   * verifier URL).
   */
  verifiers: SiteVerifier[];
}

/** A verification endpoint and the address whose key it signs with. */
export interface SiteVerifier {
  /** The endpoint's `POST /api/verify` URL. */
  url: string;
  address: string;
}

/** Built-in defaults: Theta mainnet through the public ETH-RPC adaptor and public gateways. */
export const DEFAULT_SITE_CONFIG: SiteConfig = {
  chainId: 361,
  rpcUrl: 'https://eth-rpc-api.thetatoken.org/rpc',
  marketAddress: null,
  deployBlock: 0,
  gateways: ['https://trustless-gateway.link', 'https://ipfs.io', 'https://dweb.link'],
  linkGateway: 'https://dweb.link',
  uploadUrl: null,
  functionsUrl: null,
  verifiers: [],
};
