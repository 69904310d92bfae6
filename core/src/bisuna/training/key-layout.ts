import type { KeyRegime } from './config.js';

/**
 * Inputs of Alice and Bob under a key regime: `payloadWords` under `otp` (the environment XORs a
 * fresh key word into each data word, as the reference does), `payloadWords + keyWords` under
 * `short-key` (the data words, then the whole key as inputs of their own, every step). Outputs
 * are `payloadWords` in both regimes.
 *
 * @example
 * cipherInputWords('short-key', 3, 3); // 6
 */
export function cipherInputWords(
  regime: KeyRegime,
  payloadWords: number,
  keyWords: number,
): number {
  return regime === 'otp' ? payloadWords : payloadWords + keyWords;
}

/**
 * Writes Alice's or Bob's input for step `step` into `out`: under `otp`, `key[step·P + j] XOR
 * data[dataOffset + j]` (a missing key word reads 0); under `short-key`, the `P` data words
 * followed by the `key.length` key words. Under `short-key` the key must reach the networks on its
 * own: XOR-ed into both sides' inputs it cancels in `k XOR cipher`, so Bob could never follow a
 * keystream that depends on the key (docs/bisuna-differences.md #12).
 */
export function writeCipherInput(
  regime: KeyRegime,
  data: Uint16Array,
  dataOffset: number,
  payloadWords: number,
  key: Uint16Array,
  step: number,
  out: Uint16Array,
): void {
  const P = payloadWords;
  if (regime === 'otp') {
    const base = step * P;
    for (let j = 0; j < P; j++) out[j] = (key[base + j] ?? 0) ^ data[dataOffset + j]!;
    return;
  }
  for (let j = 0; j < P; j++) out[j] = data[dataOffset + j]!;
  out.set(key, P);
}

/**
 * Why a network with `inputs` inputs and `outputs` outputs does not fit the regime's layout, naming
 * both shapes (for example a checkpoint written before short-key gave the key inputs of its own),
 * or undefined when it fits.
 */
export function cipherInterfaceMismatch(
  what: string,
  inputs: number,
  outputs: number,
  regime: KeyRegime,
  payloadWords: number,
  keyWords: number,
): string | undefined {
  const want = cipherInputWords(regime, payloadWords, keyWords);
  if (inputs === want && outputs === payloadWords) return undefined;
  const layout =
    regime === 'otp'
      ? `${payloadWords} words of key XOR data`
      : `${payloadWords} data words + ${keyWords} key words`;
  const old =
    regime === 'short-key' && inputs === payloadWords
      ? '; it uses the old short-key layout (key XOR-ed into the data), from before the key got inputs of its own'
      : '';
  return `${what} has ${inputs} inputs and ${outputs} outputs; ${regime} needs ${want} inputs (${layout}) and ${payloadWords} outputs${old}`;
}
