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
import {
  defaultEpisodeEngine,
  type CipherStream,
  type EpisodeEngine,
} from '../bisuna/training/cpa-episode.js';
import { cipherInputWords, writeCipherInput } from '../bisuna/training/key-layout.js';
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
 * (`writeCipherInput`): under `otp` Alice steps on `key XOR plain` and Bob on `key XOR cipher`
 * (the reference); under `short-key` Alice steps on `[plain, key]` and Bob on `[cipher, key]`
 * (P + K inputs). Each stream starts from resetState (whatever state the `.dat` stores); Random
 * neurons of both networks draw, Alice's step before Bob's, from one mt19937 (libc++ mapping)
 * seeded with the job's `rngSeed`.
 */
export function networkCipherPair(
  alice: ScoringStepper,
  bob: ScoringStepper,
  payloadWords: number,
): CipherPair {
  const P = payloadWords;
  const a = new Uint16Array(P);
  const b = new Uint16Array(P);
  const run = (job: CipherJob, withBob: boolean): RoundTrip => {
    alice.reset();
    if (withBob) bob.reset();
    const rng = new Mt19937Random(job.rngSeed, 'libc++');
    const steps = job.plain.length / P;
    const x = new Uint16Array(cipherInputWords(job.regime, P, job.key.length));
    const cipher = new Uint16Array(job.plain.length);
    const decrypted = withBob ? new Uint16Array(job.plain.length) : cipher;
    for (let t = 0; t < steps; t++) {
      const base = t * P;
      writeCipherInput(job.regime, job.plain, base, P, job.key, t, x);
      alice.step(x, a, rng);
      cipher.set(a, base);
      if (!withBob) continue;
      writeCipherInput(job.regime, a, 0, P, job.key, t, x);
      bob.step(x, b, rng);
      decrypted.set(b, base);
    }
    return { cipher, decrypted };
  };
  return {
    payloadWords: P,
    roundTrip: (jobs) => jobs.map((j) => run(j, true)),
    encrypt: (jobs) => jobs.map((j) => run(j, false).cipher),
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
  const run = (job: CipherJob, partner: CompiledGenome): RoundTrip => {
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
    runPairEpisodeWasm(alice, partner, stream, rng, trip.cipher, trip.decrypted);
    return trip;
  };
  return {
    payloadWords: P,
    roundTrip: (jobs) => jobs.map((j) => run(j, bob)),
    // The kernel runs pairs only: Alice alone is Alice beside a Bob that never draws.
    encrypt: (jobs) => jobs.map((j) => run(j, (silent ??= silentBob(P))).cipher),
  };
}

/** A network with P unconnected outputs and no Random neuron: reads nothing, draws nothing. */
function silentBob(payloadWords: number): CompiledGenome {
  const neurons: Neuron[] = [{ nID: 0, firingRate: 1, nType: NeuronType.Input }];
  for (let i = 1; i <= payloadWords; i++) {
    neurons.push({ nID: i, firingRate: 1, nType: NeuronType.Output });
  }
  return compileGenome({
    params: { networkID: 0, nInputs: 1, nOutputs: payloadWords },
    neurons,
    conns: [],
  });
}
