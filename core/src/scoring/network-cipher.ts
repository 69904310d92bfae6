import {
  Mt19937Random,
  NetworkKernel,
  NeuronType,
  compileGenome,
  referenceStep,
  resetNetworkState,
  type Cell,
  type CompiledGenome,
  type Module,
  type Neuron,
  type RandomSource,
} from '../bisuna/index.js';
import type { CipherStream } from '../bisuna/encryption/cipher-stream.js';
import { defaultEpisodeEngine, type EpisodeEngine } from '../bisuna/training/cpa-episode.js';
import {
  cipherInputWords,
  cipherOutputWord,
  networkSteps,
  writeCipherInput,
} from '../bisuna/training/key-layout.js';
import { runPairEpisodeWasm } from '../bisuna/wasm/index.js';
import type { CipherJob, CipherPair, RoundTrip } from './cipher.js';

/** Advances one network by one step from its current state; `reset` returns it to resetState. */
export interface ScoringStepper {
  reset(): void;
  step(inputs: Uint16Array, out: Uint16Array, rng: RandomSource): void;
}

/** The compiled kernel (bit-identical to the reference step, several times faster), from resetState. */
export function kernelStepper(module: Module): ScoringStepper {
  return new NetworkKernel(compileGenome(module));
}

/** A stepper over the literal reference step (spec §4); slow, the oracle in tests. */
export function referenceStepper(cell: Cell): ScoringStepper {
  const work: Cell = structuredClone(cell);
  return {
    reset: () => resetNetworkState(work.state),
    step(inputs, out, rng) {
      const o = referenceStep(work, inputs, rng);
      for (let i = 0; i < out.length; i++) out[i] = o[i] ?? 0;
    },
  };
}

/**
 * A {@link CipherPair} over BiSUNA agents, with the training environment's input layout
 * (`writeCipherInput`): under `otp` Alice steps on `key XOR plain` and outputs the ciphertext,
 * Bob steps on `key XOR cipher` and outputs the decryption (the reference); under `short-key`
 * both step on the key words and a step counter, after `KEYSTREAM_WARMUP_STEPS` warm-up steps,
 * and their outputs are keystreams XOR-ed into the plaintext (Alice) and the ciphertext (Bob).
 * Each stream starts from resetState (whatever state the `.dat` stores); Random neurons of both
 * networks draw, Alice's step before Bob's, from one mt19937 (libc++ mapping) seeded with the
 * job's `rngSeed`.
 */
export function networkCipherPair(
  alice: ScoringStepper,
  bob: ScoringStepper,
  payloadWords: number,
): CipherPair {
  const P = payloadWords;
  const a = new Uint16Array(P);
  const b = new Uint16Array(P);
  /** One network over a stream (`data`: what its outputs combine with), from reset. */
  const runOne = (net: ScoringStepper, job: CipherJob, out: Uint16Array, rng: RandomSource) => {
    const { regime, key, plain: data } = job;
    const x = new Uint16Array(cipherInputWords(regime, P, key.length));
    const warmup = networkSteps(regime, 0);
    net.reset();
    for (let s = 0; s < warmup + data.length / P; s++) {
      const base = Math.max(0, s - warmup) * P;
      writeCipherInput(regime, data, base, P, key, s, x);
      net.step(x, a, rng);
      if (s < warmup) continue;
      for (let j = 0; j < P; j++) out[base + j] = cipherOutputWord(regime, data[base + j]!, a[j]!);
    }
    return out;
  };
  const roundTrip = (job: CipherJob): RoundTrip => {
    const { regime, key, plain } = job;
    alice.reset();
    bob.reset();
    const rng = new Mt19937Random(job.rngSeed, 'libc++');
    const x = new Uint16Array(cipherInputWords(regime, P, key.length));
    const warmup = networkSteps(regime, 0);
    const cipher = new Uint16Array(plain.length);
    const decrypted = new Uint16Array(plain.length);
    for (let s = 0; s < warmup + plain.length / P; s++) {
      const base = Math.max(0, s - warmup) * P;
      writeCipherInput(regime, plain, base, P, key, s, x);
      alice.step(x, a, rng);
      if (s >= warmup) {
        for (let j = 0; j < P; j++)
          cipher[base + j] = cipherOutputWord(regime, plain[base + j]!, a[j]!);
      }
      writeCipherInput(regime, cipher, base, P, key, s, x);
      bob.step(x, b, rng);
      if (s < warmup) continue;
      for (let j = 0; j < P; j++) {
        decrypted[base + j] = cipherOutputWord(regime, cipher[base + j]!, b[j]!);
      }
    }
    return { cipher, decrypted };
  };
  const rngOf = (job: CipherJob) => new Mt19937Random(job.rngSeed, 'libc++');
  return {
    payloadWords: P,
    roundTrip: (jobs) => jobs.map(roundTrip),
    encrypt: (jobs) => jobs.map((j) => runOne(alice, j, new Uint16Array(j.plain.length), rngOf(j))),
    decrypt: (jobs) => jobs.map((j) => runOne(bob, j, new Uint16Array(j.plain.length), rngOf(j))),
  };
}

/**
 * The {@link CipherPair} of two networks on `engine` (default: WebAssembly where it runs): `wasm`
 * runs each stream as one episode in the WebAssembly kernel, `js` steps {@link kernelStepper}s
 * through {@link networkCipherPair}. Both give the same ciphertexts, decryptions and Random-neuron
 * draws.
 */
export function modulesCipherPair(
  alice: Module,
  bob: Module,
  payloadWords: number,
  engine: EpisodeEngine = defaultEpisodeEngine(),
): CipherPair {
  if (engine === 'js') {
    return networkCipherPair(kernelStepper(alice), kernelStepper(bob), payloadWords);
  }
  return wasmCipherPair(compileGenome(alice), compileGenome(bob), payloadWords);
}

function wasmCipherPair(alice: CompiledGenome, bob: CompiledGenome, P: number): CipherPair {
  let silent: CompiledGenome | undefined;
  let bobAlone: CipherPair | undefined;
  const run = (job: CipherJob, first: CompiledGenome, second: CompiledGenome): RoundTrip => {
    const n = job.plain.length;
    const stream: CipherStream = {
      steps: n / P,
      payloadWords: P,
      payloads: job.plain,
      keys: job.key,
      regime: job.regime,
    };
    const trip = { cipher: new Uint16Array(n), decrypted: new Uint16Array(n) };
    const rng = new Mt19937Random(job.rngSeed, 'libc++');
    runPairEpisodeWasm(first, second, stream, rng, trip.cipher, trip.decrypted);
    return trip;
  };
  return {
    payloadWords: P,
    roundTrip: (jobs) => jobs.map((j) => run(j, alice, bob)),
    // The kernel runs pairs only: Alice alone is Alice beside a Bob that never draws.
    encrypt: (jobs) => jobs.map((j) => run(j, alice, (silent ??= silentNetwork(alice, P))).cipher),
    decrypt: (jobs) =>
      jobs.map((j) => {
        // Under short-key a silent Alice leaves the data as it is, so Bob decrypts it; under otp
        // Bob reads key XOR Alice's output, so he runs alone on the JavaScript kernel.
        if (j.regime !== 'short-key') {
          bobAlone ??= networkCipherPair(new NetworkKernel(alice), new NetworkKernel(bob), P);
          return bobAlone.decrypt([j])[0]!;
        }
        return run(j, (silent ??= silentNetwork(alice, P)), bob).decrypted;
      }),
  };
}

/**
 * A network with `like`'s inputs, P unconnected outputs and no Random neuron: reads nothing, draws
 * nothing, outputs 0 (so under short-key its "keystream" leaves the data unchanged).
 */
function silentNetwork(like: CompiledGenome, payloadWords: number): CompiledGenome {
  const nIn = Math.max(1, like.nInputs);
  const neurons: Neuron[] = [];
  for (let i = 0; i < nIn; i++) neurons.push({ nID: i, firingRate: 1, nType: NeuronType.Input });
  for (let i = 0; i < payloadWords; i++) {
    neurons.push({ nID: nIn + i, firingRate: 1, nType: NeuronType.Output });
  }
  return compileGenome({
    params: { networkID: 0, nInputs: nIn, nOutputs: payloadWords },
    neurons,
    conns: [],
  });
}
