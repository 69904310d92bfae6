import type { CompiledGenome } from '../compiled-genome.js';
import type { RandomSource } from '../genome.js';
import type { CipherStream } from '../training/cpa-episode.js';
import { cipherInputWords } from '../training/key-layout.js';
import { kernelWasmBase64 } from './kernel-wasm-binary.js';

/** The WebAssembly kernel cannot run this call (WebAssembly missing or blocked, shapes wrong). */
export class WasmKernelError extends Error {
  override name = 'WasmKernelError';
}

/** Exports of core/wasm/kernel.ts (addresses are byte addresses in its memory). */
interface KernelExports {
  memory: WebAssembly.Memory;
  build(
    net: number,
    src: number,
    count: number,
    connCount: number,
    nIn: number,
    nOut: number,
    primerCount: number,
    controlCount: number,
  ): number;
  runPair(
    alice: number,
    bob: number,
    steps: number,
    payloadWords: number,
    otp: number,
    payloads: number,
    keys: number,
    keyLen: number,
    x: number,
    xLen: number,
    out: number,
    aSeq: number,
    bSeq: number,
  ): void;
}

/** One instance and one Memory per thread (module state is per worker/realm). */
interface Instance {
  exports: KernelExports;
  /** The RandomSource Random neurons draw from during the current call. */
  rng: RandomSource | null;
}

let instance: Instance | null | undefined;

function load(): Instance | null {
  if (instance !== undefined) return instance;
  instance = null;
  if (typeof WebAssembly !== 'object') return null;
  try {
    const self: Instance = { exports: null as unknown as KernelExports, rng: null };
    const bytes = Uint8Array.from(atob(kernelWasmBase64), (c) => c.charCodeAt(0));
    const randU16 = (): number => self.rng!.randU16(0, 65535);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      kernel: { randU16 },
    });
    self.exports = inst.exports as unknown as KernelExports;
    instance = self;
  } catch {
    // CompileError / EvalError: WebAssembly blocked (CSP without 'wasm-unsafe-eval').
  }
  return instance;
}

/** Whether the WebAssembly kernel runs here; when false, callers use the JavaScript kernel. */
export function isWasmKernelAvailable(): boolean {
  return load() !== null;
}

function requireInstance(): Instance {
  const inst = load();
  if (!inst) throw new WasmKernelError('WebAssembly is not available in this environment');
  return inst;
}

/** Each genome's arrays concatenated as `build` reads them (see core/wasm/kernel.ts), cached. */
const stagedGenomes = new WeakMap<CompiledGenome, Int32Array>();

function staged(g: CompiledGenome): Int32Array {
  let words = stagedGenomes.get(g);
  if (words) return words;
  const parts = [
    g.type,
    g.beta,
    g.controlLike,
    g.inStart,
    g.outStart,
    g.inFrom,
    g.inMod,
    g.inWeight,
    g.inConn,
    g.outTo,
    g.outMod,
    g.outWeight,
    g.primers,
    g.controls,
  ];
  words = new Int32Array(parts.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of parts) {
    words.set(a, at);
    at += a.length;
  }
  stagedGenomes.set(g, words);
  return words;
}

/** Upper bound of a built network block (dependents ≤ 2 per incoming entry, first pass ≤ count). */
function blockBytes(g: CompiledGenome): number {
  const count = g.neuronCount;
  const inTotal = g.inFrom.length;
  return (
    80 +
    count * (64 + 16 + 4) +
    inTotal * (16 + 8) +
    g.connCount * (12 + 4) +
    (g.primers.length + g.controls.length) * 4
  );
}

/** Rounds up to a multiple of 16 bytes. */
function align(n: number): number {
  return (n + 15) & ~15;
}

function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}

/** Stages `g` at `src` and builds its (reset) network block at `net`. */
function buildNetwork(
  k: KernelExports,
  g: CompiledGenome,
  words: Int32Array,
  src: number,
  net: number,
): void {
  new Int32Array(k.memory.buffer, src, words.length).set(words);
  k.build(
    net,
    src,
    g.neuronCount,
    g.connCount,
    g.nInputs,
    g.nOutputs,
    g.primers.length,
    g.controls.length,
  );
}

/**
 * One A&B episode of `stream` in WebAssembly, exactly as PairEpisodeRunner.run's loop without
 * Eve: both networks reset, then each step Alice on the plaintext and Bob on Alice's output, with
 * the key laid out by `writeCipherInput` for the regime. Random neurons draw
 * `rng.randU16(0, 65535)` in the JavaScript kernel's order (Alice's step, then Bob's). Writes
 * Alice's and Bob's outputs of every step to `aSeq` / `bSeq` (steps × payloadWords words).
 * Throws WasmKernelError if WebAssembly is unavailable or a network has fewer outputs than
 * payload words.
 *
 * @example
 * runPairEpisodeWasm(compileGenome(a), compileGenome(b), stream, rng, aSeq, bSeq);
 */
export function runPairEpisodeWasm(
  alice: CompiledGenome,
  bob: CompiledGenome,
  stream: CipherStream,
  rng: RandomSource,
  aSeq: Uint16Array,
  bSeq: Uint16Array,
): void {
  const inst = requireInstance();
  const k = inst.exports;
  const { steps, payloadWords: P, payloads, keys, regime } = stream;
  const n = steps * P;
  if (alice.nOutputs < P || bob.nOutputs < P) {
    throw new WasmKernelError(
      `networks need at least ${P} outputs (Alice has ${alice.nOutputs}, Bob ${bob.nOutputs})`,
    );
  }
  if (aSeq.length < n || bSeq.length < n || payloads.length < n) {
    throw new WasmKernelError(`stream or output arrays shorter than ${steps} × ${P} words`);
  }
  const otp = regime === 'otp';
  const xLen = cipherInputWords(regime, P, keys.length);
  const keyLen = otp ? n : keys.length;

  let at = 64;
  const alloc = (bytes: number) => {
    const p = at;
    at += align(bytes);
    return p;
  };
  const x = alloc(xLen * 4);
  const out = alloc(Math.max(alice.nOutputs, bob.nOutputs) * 4);
  const payloadsAt = alloc(n * 2);
  const keysAt = alloc(keyLen * 2);
  const aSeqAt = alloc(n * 2);
  const bSeqAt = alloc(n * 2);
  const aliceWords = staged(alice);
  const bobWords = staged(bob);
  const src = alloc(4 * Math.max(aliceWords.length, bobWords.length));
  const aliceAt = alloc(blockBytes(alice));
  const bobAt = alloc(blockBytes(bob));
  ensureMemory(k.memory, at);

  const u16 = new Uint16Array(k.memory.buffer);
  u16.set(payloads.subarray(0, n), payloadsAt >> 1);
  // An otp key shorter than the stream reads 0 past its end (as writeCipherInput's `?? 0`).
  const keyWords = keys.subarray(0, keyLen);
  u16.set(keyWords, keysAt >> 1);
  u16.fill(0, (keysAt >> 1) + keyWords.length, (keysAt >> 1) + keyLen);
  buildNetwork(k, alice, aliceWords, src, aliceAt);
  buildNetwork(k, bob, bobWords, src, bobAt);

  inst.rng = rng;
  try {
    k.runPair(
      aliceAt,
      bobAt,
      steps,
      P,
      otp ? 1 : 0,
      payloadsAt,
      keysAt,
      keyLen,
      x,
      xLen,
      out,
      aSeqAt,
      bSeqAt,
    );
  } finally {
    inst.rng = null;
  }
  const res = new Uint16Array(k.memory.buffer);
  aSeq.set(res.subarray(aSeqAt >> 1, (aSeqAt >> 1) + n));
  bSeq.set(res.subarray(bSeqAt >> 1, (bSeqAt >> 1) + n));
}
