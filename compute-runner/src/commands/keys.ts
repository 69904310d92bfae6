import { access } from 'node:fs/promises';
import { Wallet } from 'ethers';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import {
  KEY_ENV,
  SignerConfigError,
  loadWallet,
  signerSourceFrom,
  writeKeystore,
} from '../keys/index.js';

const ACTIONS = ['create', 'import', 'address'] as const;

export const keys: Command = {
  name: 'keys',
  summary: 'create or import an encrypted keystore, or show the runner address',
  usage: 'tem keys create|import|address [--keystore FILE] [--force]',
  examples: [
    'TEM_KEYSTORE_PASSWORD=… tem keys create --keystore ~/.tem/key.json',
    'TEM_PRIVATE_KEY=0x… TEM_KEYSTORE_PASSWORD=… tem keys import --keystore ~/.tem/key.json',
    'TEM_KEYSTORE_PASSWORD=… tem keys address --keystore ~/.tem/key.json',
  ],
  options: { keystore: { type: 'string' }, force: { type: 'boolean' } },
  optionHelp: {
    keystore: `keystore file (default: $${KEY_ENV.keystore}); password from $${KEY_ENV.password}`,
    force: 'overwrite an existing keystore file',
  },
  allowPositionals: true,
  async run({ values, positionals, env, stdout }) {
    const action = positionals[0] as (typeof ACTIONS)[number] | undefined;
    if (!action || !ACTIONS.includes(action)) {
      throw new UsageError(`name an action: ${ACTIONS.join(', ')}`);
    }
    try {
      if (action === 'address') {
        const wallet = await loadWallet(
          signerSourceFrom(env, values.keystore as string | undefined),
        );
        stdout.write(`${wallet.address}\n`);
        return 0;
      }
      const path = (values.keystore as string | undefined) ?? env[KEY_ENV.keystore];
      if (!path) throw new UsageError(`--keystore FILE (or $${KEY_ENV.keystore}) is required`);
      const password = env[KEY_ENV.password];
      if (!password) throw new CliError(`set ${KEY_ENV.password} to the keystore password`);
      if (!values.force && (await exists(path))) {
        throw new CliError(`${path} exists; pass --force to overwrite it`);
      }
      const wallet =
        action === 'create'
          ? new Wallet(Wallet.createRandom().privateKey)
          : await loadWallet(signerSourceFrom({ [KEY_ENV.privateKey]: env[KEY_ENV.privateKey] }));
      const scryptN = env.TEM_KEYSTORE_SCRYPT_N ? Number(env.TEM_KEYSTORE_SCRYPT_N) : undefined;
      await writeKeystore(path, wallet, password, scryptN ? { scryptN } : {});
      stdout.write(
        `${action === 'create' ? 'created' : 'imported'} ${wallet.address} into ${path}\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof SignerConfigError) throw new CliError(error.message);
      throw error;
    }
  },
};

async function exists(path: string) {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
