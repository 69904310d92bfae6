import {
  Mt19937Random,
  NetworkKernel,
  compileGenome,
  referenceStep,
  resetNetworkState,
  type Cell,
  type Module,
  type RandomSource,
} from '../bisuna/index.js';
import { cipherInputWords, writeCipherInput } from '../bisuna/training/key-layout.js';
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
