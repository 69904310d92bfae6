import type { SiteConfig } from '../config/index.js';

/** The shell commands that run an edge node against this deployment, one string each. */
export interface NodeCommands {
  /** Create the runner's encrypted key (once). */
  keys: string;
  /** The daemon from a clone of the repository. */
  watch: string;
  /** The daemon as a container (the image built from `compute-runner/Dockerfile`). */
  container: string;
}

/**
 * Fills `tem watch`'s options from the site's own configuration: the same chain RPC, market and
 * gateway the site reads, and the upload gateway when the deployment offers one (else Storacha,
 * whose credentials come from env vars). Secrets stay placeholders.
 *
 * @example
 * nodeCommands(loaded.config).watch; // "TEM_KEYSTORE=key.json TEM_KEYSTORE_PASSWORD=… npx tem watch --rpc-url …"
 */
export function nodeCommands(config: SiteConfig): NodeCommands {
  const market = config.marketAddress ?? '0x…';
  const gateway = config.gateways[0] ?? 'https://trustless-gateway.link';
  const storage = config.uploadUrl ? `gateway=${config.uploadUrl}` : 'storacha';
  const storachaEnv = config.uploadUrl ? '' : ' STORACHA_KEY=… STORACHA_PROOF=…';
  return {
    keys: 'TEM_KEYSTORE_PASSWORD=… npx tem keys create --keystore key.json',
    watch:
      `TEM_KEYSTORE=key.json TEM_KEYSTORE_PASSWORD=…${storachaEnv} npx tem watch \\\n` +
      `  --rpc-url ${config.rpcUrl} --market ${market} \\\n` +
      `  --gateway ${gateway} --storage ${storage}`,
    container:
      'docker build -f compute-runner/Dockerfile -t theta-edge-runner .\n' +
      'docker run -d --name tem --restart unless-stopped -v tem-data:/data \\\n' +
      `  -e TEM_RPC_URL=${config.rpcUrl} -e TEM_MARKET_ADDRESS=${market} \\\n` +
      `  -e TEM_GATEWAYS=${gateway} -e TEM_STORAGE=${storage} \\\n` +
      `  -e TEM_KEYSTORE=/data/key.json -e TEM_KEYSTORE_PASSWORD${config.uploadUrl ? '' : ' -e STORACHA_KEY -e STORACHA_PROOF'} \\\n` +
      '  theta-edge-runner',
  };
}
