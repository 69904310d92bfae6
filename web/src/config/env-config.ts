import { SiteConfigError, parseSiteConfig } from './parse-config.js';
import type { SiteConfig } from './site-config.js';

/** The ETH-RPC adaptors of the chains whose RPC URL the build knows without being told. */
const KNOWN_RPC_URLS: Record<number, string> = {
  361: 'https://eth-rpc-api.thetatoken.org/rpc',
  365: 'https://eth-rpc-api-testnet.thetatoken.org/rpc',
};

/**
 * The build's variables and the `config.json` field each one sets (web/README.md). Only these
 * reach the browser: the functions' own variables (`THETA_RPC_URL`, keys) are never read here,
 * since an RPC URL with an API key in it must not end up in a public file.
 */
export const SITE_ENV = {
  TEM_SITE_CHAIN_ID: 'chainId',
  TEM_SITE_RPC_URL: 'rpcUrl',
  TEM_SITE_MARKET_ADDRESS: 'marketAddress',
  TEM_SITE_DEPLOY_BLOCK: 'deployBlock',
  TEM_SITE_GATEWAYS: 'gateways',
  TEM_SITE_LINK_GATEWAY: 'linkGateway',
  TEM_SITE_UPLOAD_URL: 'uploadUrl',
  TEM_SITE_FUNCTIONS_URL: 'functionsUrl',
  TEM_SITE_VERIFIER_URL: 'verifiers.url',
  TEM_SITE_VERIFIER_ADDRESS: 'verifiers.address',
} as const;

/** A build variable with a value the site cannot use; names the variable. */
export class SiteEnvError extends Error {
  override name = 'SiteEnvError';
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
  }
}

const integer = (env: Record<string, string | undefined>, name: string): number | undefined => {
  const text = env[name]?.trim();
  if (!text) return undefined;
  if (!/^\d+$/.test(text)) throw new SiteEnvError(name, `'${text}' is not a whole number`);
  return Number(text);
};

const text = (env: Record<string, string | undefined>, name: string): string | undefined =>
  env[name]?.trim() || undefined;

/** A comma list (entries trimmed), or undefined when the variable is unset or blank. */
const list = (env: Record<string, string | undefined>, name: string): string[] | undefined =>
  text(env, name)
    ?.split(',')
    .map((entry) => entry.trim());

/**
 * The site configuration a build writes as `config.json`, from `TEM_SITE_*` variables
 * ({@link SITE_ENV}); what is not set takes the Theta mainnet defaults. A chain other than
 * mainnet (361) or testnet (365) needs its RPC URL.
 *
 * @example
 * siteConfigFromEnv({ TEM_SITE_CHAIN_ID: '365', TEM_SITE_MARKET_ADDRESS: '0x…' });
 */
export function siteConfigFromEnv(env: Record<string, string | undefined>): SiteConfig {
  const raw: Record<string, unknown> = {};
  const chainId = integer(env, 'TEM_SITE_CHAIN_ID');
  if (chainId !== undefined) raw.chainId = chainId;
  const rpcUrl = text(env, 'TEM_SITE_RPC_URL') ?? (chainId ? KNOWN_RPC_URLS[chainId] : undefined);
  if (chainId !== undefined && rpcUrl === undefined) {
    throw new SiteEnvError('TEM_SITE_RPC_URL', `is required for chain ${chainId}`);
  }
  if (rpcUrl !== undefined) raw.rpcUrl = rpcUrl;
  const market = text(env, 'TEM_SITE_MARKET_ADDRESS');
  if (market !== undefined) raw.marketAddress = market;
  const deployBlock = integer(env, 'TEM_SITE_DEPLOY_BLOCK');
  if (deployBlock !== undefined) raw.deployBlock = deployBlock;
  const gateways = text(env, 'TEM_SITE_GATEWAYS');
  if (gateways !== undefined) raw.gateways = gateways.split(',').map((g) => g.trim());
  const linkGateway = text(env, 'TEM_SITE_LINK_GATEWAY');
  if (linkGateway !== undefined) raw.linkGateway = linkGateway;
  const uploadUrl = text(env, 'TEM_SITE_UPLOAD_URL');
  if (uploadUrl !== undefined) raw.uploadUrl = uploadUrl;
  const functionsUrl = text(env, 'TEM_SITE_FUNCTIONS_URL');
  if (functionsUrl !== undefined) raw.functionsUrl = functionsUrl;
  const verifierUrls = list(env, 'TEM_SITE_VERIFIER_URL');
  const verifierAddresses = list(env, 'TEM_SITE_VERIFIER_ADDRESS');
  if ((verifierUrls === undefined) !== (verifierAddresses === undefined)) {
    const missing =
      verifierUrls === undefined ? 'TEM_SITE_VERIFIER_URL' : 'TEM_SITE_VERIFIER_ADDRESS';
    throw new SiteEnvError(missing, 'is required with the other TEM_SITE_VERIFIER_* variable');
  }
  if (verifierUrls !== undefined && verifierAddresses !== undefined) {
    if (verifierUrls.length !== verifierAddresses.length) {
      throw new SiteEnvError(
        'TEM_SITE_VERIFIER_ADDRESS',
        `lists ${verifierAddresses.length} addresses for ${verifierUrls.length} TEM_SITE_VERIFIER_URL entries`,
      );
    }
    raw.verifiers = verifierUrls.map((url, i) => ({ url, address: verifierAddresses[i] }));
  }
  try {
    return parseSiteConfig(raw);
  } catch (error) {
    if (!(error instanceof SiteConfigError)) throw error;
    // parseSiteConfig names the field ("config.json: gateways.1 …"): name the variable instead.
    // Entries of a list field are named by position (verifiers.2.address): match without it.
    const field = (/^config\.json: ([\w.]+)/.exec(error.message)?.[1] ?? '').replace(/\.\d+/g, '');
    const variable = Object.entries(SITE_ENV).find(
      ([, f]) => field === f || field.startsWith(`${f}.`),
    )?.[0];
    throw new SiteEnvError(variable ?? 'TEM_SITE_*', error.message.replace(/^config\.json: /, ''));
  }
}
