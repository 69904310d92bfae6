import type { Module } from '../format/genome.js';
import { TrainingStateError } from './errors.js';

/** Words of one module in {@link encodeModules} form (without the leading count). */
export function encodedModuleWords(m: Module): number {
  return 7 + m.neurons.length * 2 + m.conns.length * 4;
}

/** Writes `m` ({@link encodeModule} form) into `out` from `at`; returns the end. */
export function writeModule(m: Module, out: Uint16Array, at: number): number {
  let k = at;
  out[k++] = m.params.networkID;
  out[k++] = m.params.nInputs;
  out[k++] = m.params.nOutputs;
  out[k++] = m.neurons.length & 0xffff;
  out[k++] = m.neurons.length >>> 16;
  out[k++] = m.conns.length & 0xffff;
  out[k++] = m.conns.length >>> 16;
  for (const n of m.neurons) {
    out[k++] = n.firingRate;
    out[k++] = n.nType;
  }
  for (const c of m.conns) {
    out[k++] = c.fromNID;
    out[k++] = c.toNID;
    out[k++] = c.neuroMod;
    out[k++] = c.weight;
  }
  return k;
}

/**
 * Packs genomes into one Uint16Array (cheap to post to a worker, or to store in a checkpoint):
 * `count`, then per module `networkID, nInputs, nOutputs, neuronCount (u32 as 2 words),
 * connCount (2 words)`, neurons as `(firingRate, nType)` and connections as
 * `(from, to, neuroMod, weight)`. Neuron ids are their positions, as the reference keeps them.
 */
export function encodeModules(modules: readonly Module[]): Uint16Array {
  let size = 2;
  for (const m of modules) size += encodedModuleWords(m);
  const out = new Uint16Array(size);
  out[0] = modules.length & 0xffff;
  out[1] = modules.length >>> 16;
  let k = 2;
  for (const m of modules) k = writeModule(m, out, k);
  return out;
}

/** One module in {@link encodeModules} form without the leading count (see {@link decodeModuleAt}). */
export function encodeModule(m: Module): Uint16Array {
  const out = new Uint16Array(encodedModuleWords(m));
  writeModule(m, out, 0);
  return out;
}

/** Whether `words` ({@link encodeModule} form) encode `m`, networkID aside. */
export function encodesModule(words: Uint16Array, m: Module): boolean {
  if (
    words.length !== encodedModuleWords(m) ||
    words[1] !== m.params.nInputs ||
    words[2] !== m.params.nOutputs ||
    words[3] !== (m.neurons.length & 0xffff) ||
    words[5] !== (m.conns.length & 0xffff)
  ) {
    return false;
  }
  let k = 7;
  for (const n of m.neurons) {
    if (words[k] !== n.firingRate || words[k + 1] !== n.nType) return false;
    k += 2;
  }
  for (const c of m.conns) {
    if (
      words[k] !== c.fromNID ||
      words[k + 1] !== c.toNID ||
      words[k + 2] !== c.neuroMod ||
      words[k + 3] !== c.weight
    ) {
      return false;
    }
    k += 4;
  }
  return true;
}

/**
 * Words of the module encoded at `at` (its header says); throws TrainingStateError when the
 * header or the module runs past the end of `data`.
 */
export function encodedModuleSize(data: Uint16Array, at: number): number {
  if (at + 7 > data.length) {
    throw new TrainingStateError(
      `encoded genomes truncated at word ${at} (genome header needs 7 words)`,
    );
  }
  const size =
    7 + (data[at + 3]! + data[at + 4]! * 65536) * 2 + (data[at + 5]! + data[at + 6]! * 65536) * 4;
  if (at + size > data.length) {
    throw new TrainingStateError(
      `encoded genomes truncated at word ${at} (need ${size}, have ${data.length - at})`,
    );
  }
  return size;
}

/** The inverse of {@link encodeModules}; throws TrainingStateError on truncated input. */
export function decodeModules(data: Uint16Array): Module[] {
  if (data.length < 2) throw new TrainingStateError('encoded genomes truncated: no count');
  const count = data[0]! | (data[1]! << 16);
  const modules: Module[] = [];
  let k = 2;
  for (let i = 0; i < count; i++) {
    modules.push(decodeModuleAt(data, k));
    k += encodedModuleSize(data, k);
  }
  return modules;
}

/**
 * The module encoded at word `at` of `data` (an {@link encodeModule} or inside {@link encodeModules}).
 * With `into`, decodes into that module's neuron and connection objects, reused (a scratch module
 * for compiling): only objects past its current length are allocated, and a shorter genome
 * truncates the arrays, so a longer one after it allocates its extra objects again.
 */
export function decodeModuleAt(data: Uint16Array, at: number, into?: Module): Module {
  encodedModuleSize(data, at);
  const m = into ?? { params: { networkID: 0, nInputs: 0, nOutputs: 0 }, neurons: [], conns: [] };
  m.params.networkID = data[at]!;
  m.params.nInputs = data[at + 1]!;
  m.params.nOutputs = data[at + 2]!;
  const nNeurons = data[at + 3]! + data[at + 4]! * 65536;
  const nConns = data[at + 5]! + data[at + 6]! * 65536;
  let k = at + 7;
  const { neurons, conns } = m;
  for (let n = 0; n < nNeurons; n++, k += 2) {
    const neuron = neurons[n];
    if (!neuron) neurons.push({ nID: n, firingRate: data[k]!, nType: data[k + 1]! });
    else {
      neuron.nID = n;
      neuron.firingRate = data[k]!;
      neuron.nType = data[k + 1]!;
    }
  }
  neurons.length = nNeurons;
  for (let c = 0; c < nConns; c++, k += 4) {
    const conn = conns[c];
    if (!conn) {
      conns.push({
        fromNID: data[k]!,
        toNID: data[k + 1]!,
        neuroMod: data[k + 2]!,
        weight: data[k + 3]!,
      });
    } else {
      conn.fromNID = data[k]!;
      conn.toNID = data[k + 1]!;
      conn.neuroMod = data[k + 2]!;
      conn.weight = data[k + 3]!;
    }
  }
  conns.length = nConns;
  return m;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Little-endian bytes of a Uint16Array as base64 (isomorphic: no Buffer). */
export function u16ToBase64(words: Uint16Array): string {
  const bytes = new Uint8Array(words.length * 2);
  for (let i = 0; i < words.length; i++) {
    bytes[2 * i] = words[i]! & 0xff;
    bytes[2 * i + 1] = words[i]! >>> 8;
  }
  // The platform's btoa over a binary string built in chunks: a checkpoint of a large population
  // holds megabytes of genomes, and an abort waits for it.
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x3000) {
    parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x3000)));
  }
  return btoa(parts.join(''));
}

/** The inverse of {@link u16ToBase64}; throws TrainingStateError on malformed text. */
export function base64ToU16(text: string): Uint16Array {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new TrainingStateError('malformed base64 genome data');
  }
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - pad);
  let j = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      (B64.indexOf(text[i]!) << 18) |
      (B64.indexOf(text[i + 1]!) << 12) |
      ((text[i + 2] === '=' ? 0 : B64.indexOf(text[i + 2]!)) << 6) |
      (text[i + 3] === '=' ? 0 : B64.indexOf(text[i + 3]!));
    if (j < bytes.length) bytes[j++] = n >> 16;
    if (j < bytes.length) bytes[j++] = (n >> 8) & 0xff;
    if (j < bytes.length) bytes[j++] = n & 0xff;
  }
  if (bytes.length % 2 !== 0)
    throw new TrainingStateError('base64 genome data has an odd byte count');
  const words = new Uint16Array(bytes.length / 2);
  for (let i = 0; i < words.length; i++) words[i] = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  return words;
}
