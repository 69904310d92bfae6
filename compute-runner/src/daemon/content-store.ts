import { kuboRpcStore, localGatewayStore, storachaStore, type ContentStore } from '@tem/core/ipfs';
import type { RunnerConfig } from '../config/index.js';
import { RunnerConfigError } from '../config/index.js';

/** Env vars that carry the Storacha agent key and space delegation (secrets: env only). */
export const STORACHA_ENV = { key: 'STORACHA_KEY', proof: 'STORACHA_PROOF' } as const;

/** Env var with the `Authorization` header value of a hosted Kubo node (a secret: env only). */
export const KUBO_AUTH_ENV = 'TEM_KUBO_AUTHORIZATION';

/** The storage adapter the config names: the local gateway (default), Kubo RPC, or Storacha. */
export async function createContentStore(
  config: Pick<RunnerConfig, 'storage' | 'gateways'>,
  env: NodeJS.ProcessEnv,
): Promise<ContentStore> {
  const storage = config.storage ?? { kind: 'gateway', url: config.gateways[0]! };
  switch (storage.kind) {
    case 'gateway':
      return localGatewayStore({ url: storage.url });
    case 'kubo':
      return kuboRpcStore({
        url: storage.url,
        ...(env[KUBO_AUTH_ENV] ? { authorization: env[KUBO_AUTH_ENV] } : {}),
      });
    case 'storacha': {
      const key = env[STORACHA_ENV.key];
      const proof = env[STORACHA_ENV.proof];
      if (!key || !proof) {
        throw new RunnerConfigError(
          `storage storacha needs ${STORACHA_ENV.key} (agent key) and ${STORACHA_ENV.proof} (space delegation) in the environment`,
        );
      }
      const [Client, Proof, { Signer }, { StoreMemory }] = await Promise.all([
        import('@storacha/client'),
        import('@storacha/client/proof'),
        import('@storacha/client/principal/ed25519'),
        import('@storacha/client/stores/memory'),
      ]);
      // The libraries' parse errors may quote what they parsed: name the variable, never its value.
      let principal;
      try {
        principal = Signer.parse(key);
      } catch {
        throw new RunnerConfigError(`${STORACHA_ENV.key} is not a Storacha agent key (ed25519)`);
      }
      let delegation;
      try {
        delegation = await Proof.parse(proof);
      } catch {
        throw new RunnerConfigError(`${STORACHA_ENV.proof} is not a Storacha space delegation`);
      }
      const client = await Client.create({ principal, store: new StoreMemory() });
      const space = await client.addSpace(delegation);
      await client.setCurrentSpace(space.did());
      return storachaStore({ client });
    }
  }
}
