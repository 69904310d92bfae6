import { NeuronType, OUT_INDEX, type Module } from '../../format/genome.js';

/**
 * Hand-built short-key networks for tests (K key inputs, then the step counter; P outputs whose
 * words are XOR-ed into the data), from no cipher at all to a tiny add-rotate keystream.
 */

/** The interface neurons of a short-key network: K + 1 inputs, P outputs. */
export function shortKeyInterface(payloadWords: number, keyWords: number): Module {
  const nIn = keyWords + 1;
  const neurons = [];
  for (let i = 0; i < nIn; i++) neurons.push({ nID: i, firingRate: 1, nType: NeuronType.Input });
  for (let i = 0; i < payloadWords; i++) {
    neurons.push({ nID: nIn + i, firingRate: 1, nType: NeuronType.Output });
  }
  return { params: { networkID: 0, nInputs: nIn, nOutputs: payloadWords }, neurons, conns: [] };
}

/**
 * No cipher: outputs nothing, so the keystream is 0 and the "ciphertext" is the plaintext. With
 * `noisyLane`, that output copies the step counter instead (a Bob that gets that lane wrong).
 */
export function silentModule(payloadWords: number, keyWords: number, noisyLane = -1): Module {
  const m = shortKeyInterface(payloadWords, keyWords);
  const nIn = keyWords + 1;
  if (noisyLane >= 0) {
    m.conns.push({
      fromNID: keyWords,
      toNID: nIn + noisyLane,
      neuroMod: OUT_INDEX,
      weight: 0xffff,
    });
  }
  return m;
}

/**
 * A repeating-key XOR (Vigenère): output j reads key input `j mod K`, whose state is NOT k, so
 * every step's keystream is the complemented key. Each key bit reaches one bit per step.
 */
export function repeatingKeyModule(payloadWords: number, keyWords: number): Module {
  const m = shortKeyInterface(payloadWords, keyWords);
  const nIn = keyWords + 1;
  for (let j = 0; j < payloadWords; j++) {
    m.conns.push({ fromNID: j % keyWords, toNID: nIn + j, neuroMod: OUT_INDEX, weight: 0xffff });
  }
  return m;
}

/**
 * A tiny add-rotate keystream (9 connections): key input j adds its key word to the previous
 * state of Roll neuron j - 1 (BiSUNA's input neurons add, spec §4.2), Roll neuron j rotates key
 * input j's state, output j reads Roll neuron j. So `x_j(s) = rotl(x_{j-1}(s-1)) + k_j` around
 * a ring of lanes, and the keystream word of lane j is `rotl(x_j)`: two consecutive keystream
 * steps give every key word away (`k_j = x_j(s) - rotl(x_{j-1}(s-1))`).
 */
export function addRotateModule(payloadWords: number, keyWords: number): Module {
  const P = payloadWords;
  const m = shortKeyInterface(P, keyWords);
  const nIn = keyWords + 1;
  const roll = (j: number) => nIn + P + j;
  for (let j = 0; j < P; j++) {
    m.neurons.push({ nID: roll(j), firingRate: 1, nType: NeuronType.Roll });
  }
  for (let j = 0; j < P; j++) {
    const key = j % keyWords;
    m.conns.push({ fromNID: key, toNID: roll(j), neuroMod: OUT_INDEX, weight: 0xffff });
    m.conns.push({
      fromNID: roll((j + P - 1) % P),
      toNID: key,
      neuroMod: OUT_INDEX,
      weight: 0xffff,
    });
    m.conns.push({ fromNID: roll(j), toNID: nIn + j, neuroMod: OUT_INDEX, weight: 0xffff });
  }
  return m;
}
