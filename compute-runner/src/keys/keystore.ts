import { readFile } from 'node:fs/promises';
import { Wallet, encryptKeystoreJson, isKeystoreJson, type KeystoreAccount } from 'ethers';
import { writeFileAtomic } from '../state/atomic-file.js';
import { SignerConfigError } from './errors.js';

export interface KeystoreOptions {
  /** scrypt cost; the default (2^17) is what wallets use. Lower only in tests. */
  scryptN?: number;
}

/** Encrypts `wallet` with `password` into a Web3 Secret Storage (v3) JSON file, written atomically. */
export async function writeKeystore(
  path: string,
  wallet: Wallet,
  password: string,
  options: KeystoreOptions = {},
): Promise<void> {
  if (password.length < 8)
    throw new SignerConfigError('keystore password must have at least 8 characters');
  const account: KeystoreAccount = { address: wallet.address, privateKey: wallet.privateKey };
  const json = await encryptKeystoreJson(account, password, {
    scrypt: { N: options.scryptN ?? 1 << 17 },
  });
  await writeFileAtomic(path, json);
}

/** Decrypts the keystore at `path`; a wrong password or a bad file is a SignerConfigError. */
export async function readKeystore(path: string, password: string): Promise<Wallet> {
  let json: string;
  try {
    json = await readFile(path, 'utf8');
  } catch (error) {
    throw new SignerConfigError(
      `cannot read keystore ${path}: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
  if (!isKeystoreJson(json)) throw new SignerConfigError(`${path} is not a JSON keystore`);
  try {
    const wallet = await Wallet.fromEncryptedJson(json, password);
    return new Wallet(wallet.privateKey);
  } catch {
    throw new SignerConfigError(`cannot decrypt keystore ${path}: wrong password or damaged file`);
  }
}
