import { Wallet } from 'ethers';
import { SignerConfigError } from './errors.js';
import { readKeystore } from './keystore.js';

/** Env var names the runner reads its key from. */
export const KEY_ENV = {
  privateKey: 'TEM_PRIVATE_KEY',
  keystore: 'TEM_KEYSTORE',
  password: 'TEM_KEYSTORE_PASSWORD',
} as const;

export type SignerSource =
  | { kind: 'private-key'; privateKey: string }
  | { kind: 'keystore'; path: string; password: string };

/**
 * Where the key comes from: `TEM_PRIVATE_KEY`, or a keystore file (`--keystore`/`TEM_KEYSTORE`)
 * with its password in `TEM_KEYSTORE_PASSWORD`. Never from a flag value, which shells log.
 */
export function signerSourceFrom(env: NodeJS.ProcessEnv, keystorePath?: string): SignerSource {
  const path = keystorePath ?? env[KEY_ENV.keystore];
  if (path) {
    const password = env[KEY_ENV.password];
    if (!password)
      throw new SignerConfigError(`set ${KEY_ENV.password} to unlock the keystore ${path}`);
    return { kind: 'keystore', path, password };
  }
  const privateKey = env[KEY_ENV.privateKey];
  if (privateKey) return { kind: 'private-key', privateKey };
  throw new SignerConfigError(
    `no key: set ${KEY_ENV.privateKey}, or ${KEY_ENV.keystore} and ${KEY_ENV.password} (create one with 'tem keys create')`,
  );
}

/** Loads the wallet; the key never appears in an error message. */
export async function loadWallet(source: SignerSource): Promise<Wallet> {
  if (source.kind === 'keystore') return readKeystore(source.path, source.password);
  const hex = source.privateKey.startsWith('0x') ? source.privateKey : `0x${source.privateKey}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) {
    throw new SignerConfigError(`${KEY_ENV.privateKey} is not a 32-byte hex private key`);
  }
  try {
    return new Wallet(hex);
  } catch {
    throw new SignerConfigError(`${KEY_ENV.privateKey} is not a valid secp256k1 private key`);
  }
}
