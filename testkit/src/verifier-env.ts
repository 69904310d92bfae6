/** What a verifier's functions need to reach a test stack. */
export interface VerifierEnvOptions {
  rpcUrl: string;
  market: string;
  gatewayUrl: string;
  /** The verifier's key (a dev account's). */
  privateKey: string;
}

/**
 * The functions' environment for a verifier in a test stack: any site origin, no chain cache,
 * rate limits out of the way. `extra` overrides or adds variables.
 */
export function verifierEnv(
  options: VerifierEnvOptions,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    THETA_RPC_URL: options.rpcUrl,
    TASK_MARKET_ADDRESS: options.market,
    IPFS_GATEWAYS: options.gatewayUrl,
    VERIFIER_PRIVATE_KEY: options.privateKey,
    SITE_ORIGIN: '*',
    CHAIN_CACHE_TTL_SECONDS: '0',
    READ_RATE_LIMIT_PER_MINUTE: '100000',
    VERIFY_RATE_LIMIT_PER_MINUTE: '100000',
    ...extra,
  };
}
