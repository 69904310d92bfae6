import { readFile } from 'node:fs/promises';
import { Wallet } from 'ethers';
import { VerifierKeyError } from '../errors.js';
import type { VerifierKeySource } from './config.js';

/**
 * Loads the verifier's wallet from a raw key or an encrypted JSON keystore. Failures name the
 * source, never the key or the password.
 */
export async function loadVerifierWallet(source: VerifierKeySource): Promise<Wallet> {
  if (source.kind === 'private-key') {
    try {
      return new Wallet(source.privateKey);
    } catch {
      throw new VerifierKeyError('VERIFIER_PRIVATE_KEY is not a valid secp256k1 private key');
    }
  }
  let json: string;
  try {
    json = await readFile(source.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new VerifierKeyError(`VERIFIER_KEYSTORE ${source.path} could not be read (${code})`);
  }
  try {
    const wallet = await Wallet.fromEncryptedJson(json, source.password);
    return new Wallet(wallet.privateKey);
  } catch {
    throw new VerifierKeyError(
      `VERIFIER_KEYSTORE ${source.path} could not be decrypted (wrong password or not a keystore)`,
    );
  }
}
