export { SignerConfigError } from './errors.js';
export { readKeystore, writeKeystore, type KeystoreOptions } from './keystore.js';
export { KEY_ENV, loadWallet, signerSourceFrom, type SignerSource } from './signer-source.js';
