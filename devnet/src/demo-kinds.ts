import {
  defaultDoublePoleSpec,
  defaultMultiplexerSpec,
  type AnyTaskSpec,
  type DoublePoleSpec,
  type MultiplexerSpec,
} from '@tem/core/kinds';
import { DevnetError } from './errors.js';
import { demoSpec } from './demo-task.js';

/** A verifier the demo spec names: its verify endpoint and address. */
export interface DemoSpecVerifier {
  url: string;
  address: string;
}

/** The demo of one task kind: a spec that trains in seconds on one busy core, and its minScore. */
export interface DemoKind {
  /** The kind's id, the spec's `kind`. */
  id: string;
  /** What `--kind` calls it: the id without `bisuna-`. */
  name: string;
  spec(verifier: DemoSpecVerifier): AnyTaskSpec;
  /** The task's minScore: what the demo's training reaches with a wide margin, whatever its seed. */
  minScore: bigint;
}

const cipherDemo: DemoKind = {
  id: 'bisuna-cipher',
  name: 'cipher',
  spec: demoSpec,
  minScore: 0n,
};

/**
 * The 6-multiplexer (64 cases) with a population of 100 for at most 400 generations: a few
 * seconds of one core; with lexicase selection (the default spec's) most runs solve it within
 * them (five seeds: 216 to 628 generations), the others come close; minScore 700,000 is 45 of 64
 * (a constant output gets 32).
 */
const multiplexerDemo: DemoKind = {
  id: 'bisuna-multiplexer',
  name: 'multiplexer',
  spec(verifier): MultiplexerSpec {
    const spec = defaultMultiplexerSpec({
      title: 'Demo: the Boolean 6-multiplexer on the local stack',
      description:
        'Seeded by npm start -- --kind multiplexer: a BiSUNA network must output the data bit its 2 address bits select (64 cases); a small population for 400 generations, so the lifecycle runs in about a minute.',
      verifierUrl: verifier.url,
      verifierAddress: verifier.address,
      addressBits: 2,
    });
    Object.assign(spec.training, { population: 100, noveltyMapSize: 20, generations: 400 });
    return spec;
  },
  minScore: 700_000n,
};

/**
 * Double pole balancing with velocities (the Markov variant) for 300 generations of 100: some
 * 3 s of one core, balancing some 50 to 120 steps from the standard start (far from the
 * 100,000 of a solution; see compute-runner/examples for the real task); minScore 300 is 30
 * steps.
 */
const doublePoleDemo: DemoKind = {
  id: 'bisuna-double-pole',
  name: 'double-pole',
  spec(verifier): DoublePoleSpec {
    const spec = defaultDoublePoleSpec({
      title: 'Demo: double pole balancing on the local stack',
      description:
        'Seeded by npm start -- --kind double-pole: a BiSUNA network pushes a cart to balance two poles, seeing their angles and velocities; a small population for 300 generations of 1,000-step episodes, so the lifecycle runs in about a minute.',
      verifierUrl: verifier.url,
      verifierAddress: verifier.address,
      velocities: true,
    });
    Object.assign(spec.training, {
      population: 100,
      noveltyMapSize: 20,
      generations: 300,
      randomStarts: 0,
      generalisationTarget: 0,
    });
    return spec;
  },
  minScore: 300n,
};

/** Every kind `npm start -- --kind` runs a demo of. A new kind adds its demo here. */
export const DEMO_KINDS: readonly DemoKind[] = [cipherDemo, multiplexerDemo, doublePoleDemo];

/** The demo of `name` (`multiplexer` or `bisuna-multiplexer`); DevnetError('config') otherwise. */
export function demoKind(name: string): DemoKind {
  const found = DEMO_KINDS.find((k) => k.name === name || k.id === name);
  if (!found) {
    throw new DevnetError(
      'config',
      `--kind '${name}' is not a task kind with a demo (${DEMO_KINDS.map((k) => k.name).join(', ')})`,
    );
  }
  return found;
}

/** The most generations any demo spec trains: the runner's cap. */
export function demoMaxGenerations(): number {
  return Math.max(
    ...DEMO_KINDS.map(
      (k) =>
        k.spec({ url: 'http://127.0.0.1/', address: `0x${'11'.repeat(20)}` }).training.generations,
    ),
  );
}
