/** No signing key is configured, or the one configured cannot be used; says what to set. */
export class SignerConfigError extends Error {
  override name = 'SignerConfigError';
}
