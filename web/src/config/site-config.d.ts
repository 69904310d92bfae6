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
    /** Default verifier offered by the create-task wizard (the deployment's verification endpoint). */
    verifier: {
        url: string;
        address: string;
    } | null;
}
/** Built-in defaults: Theta mainnet through the public ETH-RPC adaptor and public gateways. */
export declare const DEFAULT_SITE_CONFIG: SiteConfig;
