/** Encryption inputs that do not fit together (key too short, BMP header malformed, ...). */
export class EncryptionInputError extends Error {
  override name = 'EncryptionInputError';
}
