/**
 * How keys are used. `otp`: a fresh key word for every plaintext word, XOR-ed into Alice's and
 * Bob's `payloadWords` inputs (the reference). `short-key`: one key of `keyWords` words for a whole
 * stream, given as inputs of their own (`payloadWords + keyWords` inputs, see `cipherInputWords`);
 * the default of new tasks.
 */
export type KeyRegime = 'otp' | 'short-key';

/** The plaintexts and keys of one stream of `steps` steps of `payloadWords` words. */
export interface CipherStream {
  steps: number;
  payloadWords: number;
  /** steps × payloadWords plaintext words. */
  payloads: Uint16Array;
  /** `otp`: steps × payloadWords key words; `short-key`: the keyWords words of the one key. */
  keys: Uint16Array;
  regime: KeyRegime;
  /**
   * Training under `short-key` only: the base keys (`PROBE_BASE_KEYS` × keyWords words) of the
   * generation's key-dependence probe (see `KeystreamPairRunner`).
   */
  probes?: Uint16Array;
}

/**
 * The key word paired with plaintext word `j` of step `t`: under `otp` the one XOR-ed into it;
 * under `short-key` word `(t·P + j) mod K` of the key (the key itself is a separate input there).
 */
export function keyWordAt(s: CipherStream, t: number, j: number): number {
  const i = t * s.payloadWords + j;
  return s.regime === 'otp' ? s.keys[i]! : s.keys[i % s.keys.length]!;
}
