import type { CompiledGenome } from '../kernels/compiled-genome.js';
import { checkEncryptionInputs, type EncryptedStream } from '../encryption/encryption.js';
import { ConnType, type NetworkState, type RandomSource } from '../format/genome.js';
import type { CipherStream } from '../encryption/cipher-stream.js';
import { adversaryReward } from '../training/cpa-rewards.js';
import { KEYSTREAM_WARMUP_STEPS, cipherInputWords } from '../training/key-layout.js';
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
  loadState(net: number, src: number): void;
  runEncrypt(
    alice: number,
    bob: number,
    n: number,
    chunk: number,
    plain: number,
    key: number,
    x: number,
    out: number,
    enc: number,
    dec: number,
  ): void;
  runEve(
    eve: number,
    steps: number,
    payloadWords: number,
    plains: number,
    ciphers: number,
    eveIn: number,
    out: number,
    eSeq: number,
    firsts: number,
  ): void;
  runPair(
    alice: number,
    bob: number,
    eve: number,
    steps: number,
    payloadWords: number,
    otp: number,
    payloads: number,
    keys: number,
    keyLen: number,
    x: number,
    xLen: number,
    eveIn: number,
    out: number,
    aSeq: number,
    bSeq: number,
    eSeq: number,
    firsts: number,
    stopAtWrong: number,
    warmup: number,
  ): number;
  runKeystreams(
    net: number,
    src: number,
    count: number,
    connCount: number,
    nIn: number,
    nOut: number,
    primerCount: number,
    controlCount: number,
    keys: number,
    nKeys: number,
    keyLen: number,
    steps: number,
    payloadWords: number,
    warmup: number,
    x: number,
    out: number,
    seqs: number,
  ): void;
  runCases(
    net: number,
    end: number,
    snap: number,
    inputs: number,
    nCases: number,
    steps: number,
    x: number,
    out: number,
    outs: number,
  ): void;
}

/** One instance and one Memory per thread (module state is per worker/realm). */
interface Instance {
  exports: KernelExports;
  /** The RandomSource Random neurons draw from during the current call. */
  rng: RandomSource | null;
  /** Views of the memory, replaced when it grows (growing detaches the old buffer). */
  u8: Uint8Array;
  u16: Uint16Array;
  i32: Int32Array;
}

let instance: Instance | null | undefined;

function load(): Instance | null {
  if (instance !== undefined) return instance;
  instance = null;
  if (typeof WebAssembly !== 'object') return null;
  try {
    const none = new ArrayBuffer(0);
    const self: Instance = {
      exports: null as unknown as KernelExports,
      rng: null,
      u8: new Uint8Array(none),
      u16: new Uint16Array(none),
      i32: new Int32Array(none),
    };
    const bytes = Uint8Array.from(atob(kernelWasmBase64), (c) => c.charCodeAt(0));
    const randU16 = (): number => self.rng!.randU16(0, 65535);
    const coin = (): number => (self.rng!.randFloat(-1, 1) > 0 ? 1 : 0);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      kernel: { randU16, coin },
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

/** Hands out 16-byte aligned regions of the kernel's memory for one call, from address 64. */
class Arena {
  private at = 64;

  alloc(bytes: number): number {
    const p = this.at;
    this.at += (bytes + 15) & ~15;
    return p;
  }

  /** Grows the memory to hold everything allocated and refreshes the instance's views. */
  commit(inst: Instance): void {
    const memory = inst.exports.memory;
    const have = memory.buffer.byteLength;
    if (this.at > have) memory.grow(Math.ceil((this.at - have) / 65536));
    if (inst.u16.buffer !== memory.buffer) {
      inst.u8 = new Uint8Array(memory.buffer);
      inst.u16 = new Uint16Array(memory.buffer);
      inst.i32 = new Int32Array(memory.buffer);
    }
  }
}

/** Runs `body` with Random neurons drawing from `rng`. */
function withRng(inst: Instance, rng: RandomSource, body: () => void): void {
  inst.rng = rng;
  try {
    body();
  } finally {
    inst.rng = null;
  }
}

/** Stages `g` at `src` and builds its (reset) network block at `net`; returns the block's end. */
function buildNetwork(
  inst: Instance,
  g: CompiledGenome,
  words: Int32Array,
  src: number,
  net: number,
): number {
  inst.i32.set(words, src >> 2);
  return inst.exports.build(
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
 * One A&B episode of `stream` in WebAssembly, exactly as PairEpisodeRunner.run's loop: the
 * networks reset, then each step Alice and Bob with their inputs laid out by `writeCipherInput`
 * for the regime (under short-key after the warm-up steps), then (with `eve`) Eve's coin, decoy
 * words and step. `rng` is drawn in the JavaScript loop's order: Alice's Random neurons, Bob's,
 * Eve's coin, decoys and Random neurons. Writes the ciphertext and Bob's decryption of every step
 * to `aSeq` / `bSeq` (steps × payloadWords words) and returns Eve's reward (the sum of her
 * per-step `adversaryReward`, 0 without Eve). Throws WasmKernelError if WebAssembly is unavailable or a
 * network has too few outputs.
 *
 * @example
 * runPairEpisodeWasm(aliceKernel.genome, bobKernel.genome, stream, rng, aSeq, bSeq);
 */
export function runPairEpisodeWasm(
  alice: CompiledGenome,
  bob: CompiledGenome,
  stream: CipherStream,
  rng: RandomSource,
  aSeq: Uint16Array,
  bSeq: Uint16Array,
  eve: CompiledGenome | null = null,
): number {
  const n = stream.steps * stream.payloadWords;
  if (aSeq.length < n || bSeq.length < n) {
    throw new WasmKernelError(`output arrays shorter than the stream's ${n} words`);
  }
  const inst = requireInstance();
  const at = pairEpisode(inst, alice, bob, eve, stream, rng, false);
  const u16 = inst.u16;
  aSeq.set(u16.subarray(at.aSeq >> 1, (at.aSeq >> 1) + n));
  bSeq.set(u16.subarray(at.bSeq >> 1, (at.bSeq >> 1) + n));
  return eve ? eveReward(inst, at.eSeq, at.firsts, stream.steps) : 0;
}

/**
 * PairEpisodeRunner.decryptsEveryStep in WebAssembly: whether Bob decrypts every step of `stream`
 * exactly from freshly reset networks, stopping at the first wrong step (so `rng` is drawn exactly
 * as far as the JavaScript test draws it).
 */
export function decryptsEveryStepWasm(
  alice: CompiledGenome,
  bob: CompiledGenome,
  stream: CipherStream,
  rng: RandomSource,
): boolean {
  const inst = requireInstance();
  return pairEpisode(inst, alice, bob, null, stream, rng, true).ran === stream.steps;
}

/** Runs one pair episode in the module; returns the steps run and where the outputs are. */
function pairEpisode(
  inst: Instance,
  alice: CompiledGenome,
  bob: CompiledGenome,
  eve: CompiledGenome | null,
  stream: CipherStream,
  rng: RandomSource,
  stopAtWrong: boolean,
): { ran: number; aSeq: number; bSeq: number; eSeq: number; firsts: number } {
  const { steps, payloadWords: P, payloads, keys, regime } = stream;
  const n = steps * P;
  if (alice.nOutputs < P || bob.nOutputs < P || (eve && eve.nOutputs < 1)) {
    throw new WasmKernelError(
      `Alice and Bob need at least ${P} outputs, Eve 1 (Alice has ${alice.nOutputs}, Bob ${bob.nOutputs}, Eve ${eve?.nOutputs ?? '-'})`,
    );
  }
  if (payloads.length < n) {
    throw new WasmKernelError(`stream shorter than ${steps} × ${P} words`);
  }
  const otp = regime === 'otp';
  const xLen = cipherInputWords(regime, P, keys.length);
  const keyLen = otp ? n : keys.length;
  const genomes = eve ? [alice, bob, eve] : [alice, bob];
  const words = genomes.map((g) => g.wasmWords);

  const arena = new Arena();
  const x = arena.alloc(xLen * 4);
  const eveIn = arena.alloc(3 * P * 4);
  const out = arena.alloc(Math.max(...genomes.map((g) => g.nOutputs)) * 4);
  const payloadsAt = arena.alloc(n * 2);
  const keysAt = arena.alloc(keyLen * 2);
  const aSeq = arena.alloc(n * 2);
  const bSeq = arena.alloc(n * 2);
  const eSeq = arena.alloc(steps * 2);
  const firsts = arena.alloc(steps);
  const src = arena.alloc(4 * Math.max(...words.map((w) => w.length)));
  const nets = genomes.map((g) => arena.alloc(blockBytes(g)));
  arena.commit(inst);

  const u16 = inst.u16;
  u16.set(payloads.subarray(0, n), payloadsAt >> 1);
  // An otp key shorter than the stream reads 0 past its end (as writeCipherInput's `?? 0`).
  const keyWords = keys.subarray(0, keyLen);
  u16.set(keyWords, keysAt >> 1);
  u16.fill(0, (keysAt >> 1) + keyWords.length, (keysAt >> 1) + keyLen);
  genomes.forEach((g, i) => buildNetwork(inst, g, words[i]!, src, nets[i]!));

  let ran = 0;
  withRng(inst, rng, () => {
    ran = inst.exports.runPair(
      nets[0]!,
      nets[1]!,
      nets[2] ?? 0,
      steps,
      P,
      otp ? 1 : 0,
      payloadsAt,
      keysAt,
      keyLen,
      x,
      xLen,
      eveIn,
      out,
      aSeq,
      bSeq,
      eSeq,
      firsts,
      stopAtWrong ? 1 : 0,
      otp ? 0 : KEYSTREAM_WARMUP_STEPS,
    );
  });
  return { ran, aSeq, bSeq, eSeq, firsts };
}

/** The sum of Eve's per-step rewards from the moves eveStep recorded, in step order. */
function eveReward(inst: Instance, eSeq: number, firsts: number, steps: number): number {
  const { u8, u16 } = inst;
  let sum = 0;
  for (let t = 0; t < steps; t++)
    sum += adversaryReward(u16[(eSeq >> 1) + t]!, u8[firsts + t] === 1);
  return sum;
}

/**
 * The keystreams of a short-key network under each of `keys.length / keyLen` keys (key m is
 * `keys[m·keyLen ..]`), each from a reset network after the warm-up steps: `steps` steps of
 * `payloadWords` words, key m's at `seqs[m·steps·payloadWords ..]` (as `KeystreamRunner`'s
 * JavaScript loop, Random neurons drawing from `rng` key after key).
 *
 * @example
 * runKeystreamsWasm(kernel.genome, keys, 3, 150, 3, rng, seqs);
 */
export function runKeystreamsWasm(
  genome: CompiledGenome,
  keys: Uint16Array,
  keyLen: number,
  steps: number,
  payloadWords: number,
  rng: RandomSource,
  seqs: Uint16Array,
): void {
  const P = payloadWords;
  const nKeys = Math.floor(keys.length / keyLen);
  if (genome.nOutputs < P) {
    throw new WasmKernelError(`the network needs at least ${P} outputs, it has ${genome.nOutputs}`);
  }
  if (seqs.length < nKeys * steps * P) {
    throw new WasmKernelError(`keystream array shorter than ${nKeys} × ${steps} × ${P} words`);
  }
  const inst = requireInstance();
  const words = genome.wasmWords;
  const arena = new Arena();
  const x = arena.alloc((keyLen + 1) * 4);
  const out = arena.alloc(genome.nOutputs * 4);
  const keysAt = arena.alloc(nKeys * keyLen * 2);
  const seqsAt = arena.alloc(nKeys * steps * P * 2);
  const src = arena.alloc(words.length * 4);
  const net = arena.alloc(blockBytes(genome));
  arena.commit(inst);
  inst.u16.set(keys.subarray(0, nKeys * keyLen), keysAt >> 1);
  inst.i32.set(words, src >> 2);
  const g = genome;
  withRng(inst, rng, () =>
    inst.exports.runKeystreams(
      net,
      src,
      g.neuronCount,
      g.connCount,
      g.nInputs,
      g.nOutputs,
      g.primers.length,
      g.controls.length,
      keysAt,
      nKeys,
      keyLen,
      steps,
      P,
      KEYSTREAM_WARMUP_STEPS,
      x,
      out,
      seqsAt,
    ),
  );
  seqs.set(inst.u16.subarray(seqsAt >> 1, (seqsAt >> 1) + nKeys * steps * P));
}

/**
 * Independent cases of one network, each from a reset network: case c holds the genome's nIn
 * input words `inputs[c·nIn ..]` for `steps` steps, and its first output after the last step goes
 * to `outs[c]`; `outs.length` cases, Random neurons drawing from `rng` case after case (as the
 * JavaScript loop of reset, `steps` × `NetworkKernel.step`, read output 0).
 *
 * @example
 * runCasesWasm(kernel.genome, table, 2, rng, outs); // the 11-multiplexer: 2,048 cases of 11 words
 */
export function runCasesWasm(
  genome: CompiledGenome,
  inputs: Uint16Array,
  steps: number,
  rng: RandomSource,
  outs: Uint16Array,
): void {
  const nIn = genome.nInputs;
  const nCases = outs.length;
  if (genome.nOutputs < 1) throw new WasmKernelError('the network has no output');
  if (inputs.length < nCases * nIn) {
    throw new WasmKernelError(`input array shorter than ${nCases} cases × ${nIn} words`);
  }
  const inst = requireInstance();
  const words = genome.wasmWords;
  const arena = new Arena();
  const x = arena.alloc(Math.max(1, nIn) * 4);
  const out = arena.alloc(genome.nOutputs * 4);
  const inputsAt = arena.alloc(nCases * nIn * 2);
  const outsAt = arena.alloc(nCases * 2);
  const src = arena.alloc(words.length * 4);
  const net = arena.alloc(blockBytes(genome));
  const snap = arena.alloc(blockBytes(genome));
  arena.commit(inst);
  inst.u16.set(inputs.subarray(0, nCases * nIn), inputsAt >> 1);
  const end = buildNetwork(inst, genome, words, src, net);
  withRng(inst, rng, () =>
    inst.exports.runCases(net, end, snap, inputsAt, nCases, steps, x, out, outsAt),
  );
  outs.set(inst.u16.subarray(outsAt >> 1, (outsAt >> 1) + nCases));
}

/**
 * {@link runEveEpisode} in WebAssembly: one Eve episode of the distinguishing game from a reset
 * network, each step her coin and decoy words, then her step on plaintext, decoy and ciphertext
 * (`payloads` and `ciphers`: steps × payloadWords words), `rng` drawn in the same order.
 * Returns the sum of her rewards.
 *
 * @example
 * const fitness = runEveEpisodeWasm(eveKernel.genome, payloads, ciphers, 3, 100, rng);
 */
export function runEveEpisodeWasm(
  eve: CompiledGenome,
  payloads: Uint16Array,
  ciphers: Uint16Array,
  payloadWords: number,
  steps: number,
  rng: RandomSource,
): number {
  const P = payloadWords;
  const n = steps * P;
  if (eve.nOutputs < 1) throw new WasmKernelError('Eve needs at least 1 output');
  if (payloads.length < n || ciphers.length < n) {
    throw new WasmKernelError(`plaintext or ciphertext shorter than ${steps} × ${P} words`);
  }
  const inst = requireInstance();
  const k = inst.exports;
  const words = eve.wasmWords;
  const arena = new Arena();
  const eveIn = arena.alloc(3 * P * 4);
  const out = arena.alloc(eve.nOutputs * 4);
  const plainsAt = arena.alloc(n * 2);
  const ciphersAt = arena.alloc(n * 2);
  const eSeqAt = arena.alloc(steps * 2);
  const firstsAt = arena.alloc(steps);
  const src = arena.alloc(words.length * 4);
  const net = arena.alloc(blockBytes(eve));
  arena.commit(inst);
  const u16 = inst.u16;
  u16.set(payloads.subarray(0, n), plainsAt >> 1);
  u16.set(ciphers.subarray(0, n), ciphersAt >> 1);
  buildNetwork(inst, eve, words, src, net);
  withRng(inst, rng, () =>
    k.runEve(net, steps, P, plainsAt, ciphersAt, eveIn, out, eSeqAt, firstsAt),
  );
  return eveReward(inst, eSeqAt, firstsAt, steps);
}

/** A network's saved state as `loadState` reads it (see core/wasm/kernel.ts). */
function stagedState(g: CompiledGenome, s: NetworkState): Int32Array {
  if (s.neurons.length !== g.neuronCount || s.conns.length !== g.connCount) {
    throw new WasmKernelError(
      `state has ${s.neurons.length} neurons and ${s.conns.length} connections, the genome ${g.neuronCount} and ${g.connCount}`,
    );
  }
  const words = new Int32Array(g.neuronCount * 5 + g.connCount * 2);
  s.neurons.forEach((n, i) => {
    words.set([n.state, n.prevState, n.excitation, n.isFired ? 1 : 0, 0], i * 5);
  });
  for (const [k, v] of s.ioVal) if (k < g.neuronCount) words[k * 5 + 4] = v;
  const c0 = g.neuronCount * 5;
  s.conns.forEach((c, i) => {
    words[c0 + i * 2] = c.connType === ConnType.FeedForward ? 1 : 0;
    words[c0 + i * 2 + 1] = c.prevConnType === ConnType.FeedForward ? 1 : 0;
  });
  return words;
}

/** Options of {@link encryptStreamWasm}. */
export interface EncryptStreamWasmOptions {
  /** Saved states (as a `.dat` stores them) to start from; reset networks without. */
  aliceState?: NetworkState;
  bobState?: NetworkState;
  /** Words per step (encryptStream's `chunk`); default Alice's input count. */
  chunk?: number;
}

/**
 * {@link encryptStream} in WebAssembly: the reference's ExtraEncDec loop for one agent pair, in
 * chunks of `chunk` words, state carried through the whole stream, Random neurons drawing from
 * `rng` in the JavaScript kernel's order. Same results and errors as encryptStream over
 * NetworkKernels built from the same genomes and states.
 *
 * @example
 * const { enc, dec } = encryptStreamWasm(compileGenome(a.module), compileGenome(b.module), plain, key, rng, { aliceState: a.state, bobState: b.state });
 */
export function encryptStreamWasm(
  alice: CompiledGenome,
  bob: CompiledGenome,
  plain: Uint16Array,
  key: Uint16Array,
  rng: RandomSource,
  options: EncryptStreamWasmOptions = {},
): EncryptedStream {
  const { aliceState, bobState, chunk = alice.nInputs } = options;
  checkEncryptionInputs(alice, bob, chunk, plain, key);
  const n = plain.length;
  const inst = requireInstance();
  const k = inst.exports;
  const padded = Math.ceil(n / chunk) * chunk;
  const aliceWords = alice.wasmWords;
  const bobWords = bob.wasmWords;
  const states = [aliceState, bobState].map((s, i) => (s ? stagedState(i ? bob : alice, s) : null));

  const arena = new Arena();
  const x = arena.alloc(chunk * 4);
  const out = arena.alloc(chunk * 4);
  const plainAt = arena.alloc(n * 2);
  const keyAt = arena.alloc(n * 2);
  const encAt = arena.alloc(padded * 2);
  const decAt = arena.alloc(padded * 2);
  const src = arena.alloc(
    4 * Math.max(aliceWords.length, bobWords.length, ...states.map((s) => s?.length ?? 0)),
  );
  const aliceAt = arena.alloc(blockBytes(alice));
  const bobAt = arena.alloc(blockBytes(bob));
  arena.commit(inst);

  const u16 = inst.u16;
  u16.set(plain, plainAt >> 1);
  u16.set(key.subarray(0, n), keyAt >> 1);
  buildNetwork(inst, alice, aliceWords, src, aliceAt);
  buildNetwork(inst, bob, bobWords, src, bobAt);
  [aliceAt, bobAt].forEach((net, i) => {
    const words = states[i];
    if (!words) return;
    inst.i32.set(words, src >> 2);
    k.loadState(net, src);
  });

  withRng(inst, rng, () =>
    k.runEncrypt(aliceAt, bobAt, n, chunk, plainAt, keyAt, x, out, encAt, decAt),
  );
  return {
    enc: u16.slice(encAt >> 1, (encAt >> 1) + n),
    dec: u16.slice(decAt >> 1, (decAt >> 1) + n),
  };
}
