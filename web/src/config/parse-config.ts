import { DEFAULT_SITE_CONFIG, type SiteConfig, type SiteVerifier } from './site-config.js';

/** A `config.json` that is not an object or has a field of the wrong shape; names the field. */
export class SiteConfigError extends Error {
  override name = 'SiteConfigError';
}

const httpUrl = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || value.length > 2048) {
    throw new SiteConfigError(`config.json: ${field} must be a URL string`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SiteConfigError(`config.json: ${field} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SiteConfigError(`config.json: ${field} must be http(s), got ${url.protocol}`);
  }
  return value.replace(/\/+$/, '');
};

const optionalUrl = (value: unknown, field: string): string | null =>
  value === undefined || value === null || value === '' ? null : httpUrl(value, field);

/** Most verifiers a task names, so most a deployment lists. */
const MAX_SITE_VERIFIERS = 7;

function siteVerifier(value: unknown, field: string): SiteVerifier {
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null) {
    throw new SiteConfigError(`config.json: ${field} must be { url, address }`);
  }
  if (typeof v.address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v.address)) {
    throw new SiteConfigError(`config.json: ${field}.address must be a 0x address`);
  }
  return { url: httpUrl(v.url, `${field}.url`), address: v.address };
}

/**
 * Validates a parsed `config.json`; missing fields take the built-in defaults.
 *
 * @example
 * parseSiteConfig({ chainId: 366, rpcUrl: 'http://127.0.0.1:8545', marketAddress: '0x…' });
 */
export function parseSiteConfig(value: unknown): SiteConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SiteConfigError('config.json must hold a JSON object');
  }
  const raw = value as Record<string, unknown>;
  const config: SiteConfig = { ...DEFAULT_SITE_CONFIG };
  if (raw.chainId !== undefined) {
    if (!Number.isSafeInteger(raw.chainId) || (raw.chainId as number) <= 0) {
      throw new SiteConfigError(`config.json: chainId must be a positive integer`);
    }
    config.chainId = raw.chainId as number;
  }
  if (raw.rpcUrl !== undefined) config.rpcUrl = httpUrl(raw.rpcUrl, 'rpcUrl');
  if (raw.marketAddress !== undefined && raw.marketAddress !== null) {
    if (typeof raw.marketAddress !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(raw.marketAddress)) {
      throw new SiteConfigError('config.json: marketAddress must be a 0x address');
    }
    config.marketAddress = raw.marketAddress;
  }
  if (raw.deployBlock !== undefined) {
    if (!Number.isSafeInteger(raw.deployBlock) || (raw.deployBlock as number) < 0) {
      throw new SiteConfigError('config.json: deployBlock must be a block number');
    }
    config.deployBlock = raw.deployBlock as number;
  }
  if (raw.gateways !== undefined) {
    if (!Array.isArray(raw.gateways) || raw.gateways.length === 0 || raw.gateways.length > 16) {
      throw new SiteConfigError('config.json: gateways must list 1 to 16 gateway URLs');
    }
    config.gateways = raw.gateways.map((g, i) => httpUrl(g, `gateways.${i}`));
  }
  if (raw.linkGateway !== undefined) config.linkGateway = httpUrl(raw.linkGateway, 'linkGateway');
  else if (raw.gateways !== undefined) config.linkGateway = config.gateways[0]!;
  if (raw.uploadUrl !== undefined) config.uploadUrl = optionalUrl(raw.uploadUrl, 'uploadUrl');
  if (raw.functionsUrl !== undefined) {
    config.functionsUrl = optionalUrl(raw.functionsUrl, 'functionsUrl');
  }
  if (raw.verifiers !== undefined && raw.verifier !== undefined && raw.verifier !== null) {
    throw new SiteConfigError('config.json: give verifiers or verifier, not both');
  }
  if (raw.verifiers !== undefined) {
    if (!Array.isArray(raw.verifiers) || raw.verifiers.length > MAX_SITE_VERIFIERS) {
      throw new SiteConfigError(
        `config.json: verifiers must list 0 to ${MAX_SITE_VERIFIERS} verifiers`,
      );
    }
    config.verifiers = raw.verifiers.map((v, i) => siteVerifier(v, `verifiers.${i}`));
  } else if (raw.verifier !== undefined && raw.verifier !== null) {
    config.verifiers = [siteVerifier(raw.verifier, 'verifier')];
  }
  const addresses = config.verifiers.map((v) => v.address.toLowerCase());
  const twice = addresses.findIndex((a, i) => addresses.indexOf(a) !== i);
  if (twice >= 0) {
    throw new SiteConfigError(`config.json: verifiers.${twice}.address is listed twice`);
  }
  return config;
}
