import { compileGenome } from '../kernels/compiled-genome.js';
import { encryptStream, type EncryptedStream } from './encryption.js';
import { EncryptionInputError } from './errors.js';
import type { Population, RandomSource } from '../format/genome.js';
import { NetworkKernel } from '../kernels/network-kernel.js';
import { ReferenceStepper } from '../kernels/stepper.js';
import { encryptStreamWasm, isWasmKernelAvailable } from '../wasm/index.js';

/** Options of {@link encryptWithAgents}. */
export interface EncryptWithAgentsOptions {
  alice: Population;
  bob: Population;
  plain: Uint16Array;
  key: Uint16Array;
  /** Source for Random neurons; shared by all agents in agent order, Alice before Bob each chunk. */
  rng: RandomSource;
  /** Agents to return (default: all). */
  agents?: number[];
  /**
   * Also run the agents that are not returned, from 0 up to the highest requested, so the RNG
   * stream is consumed exactly as the reference's run of all agents consumed it.
   */
  replay?: boolean;
  /**
   * `wasm` (the default where WebAssembly runs), `compiled` (the JavaScript kernel, the default
   * elsewhere) or the slow literal `reference` step; all three give identical results.
   */
  engine?: EncryptionEngine;
}

/** Which step runs the networks of {@link encryptWithAgents}. */
export type EncryptionEngine = 'wasm' | 'compiled' | 'reference';

/** One agent's result. */
export interface AgentStream extends EncryptedStream {
  index: number;
}

/**
 * The reference's ExtraEncDec over a population pair (spec §11.4): agent i's Alice and Bob, from
 * the states stored in the `.dat` (copies; the populations are not modified), encrypt `plain`
 * with `key`, in chunks of `config.actions` words.
 *
 * @example
 * for (const r of encryptWithAgents({ alice, bob, plain, key, rng, replay: true })) write(r);
 */
export function* encryptWithAgents(options: EncryptWithAgentsOptions): Generator<AgentStream> {
  const { alice, bob, plain, key, rng } = options;
  const count = Math.min(alice.cells.length, bob.cells.length);
  const wanted = options.agents ?? Array.from({ length: count }, (_, i) => i);
  for (const i of wanted) {
    if (!Number.isInteger(i) || i < 0 || i >= count) {
      throw new EncryptionInputError(`agent ${i} does not exist (populations have ${count})`);
    }
  }
  const chunk = alice.config.actions;
  const order = options.replay
    ? Array.from({ length: Math.max(-1, ...wanted) + 1 }, (_, i) => i)
    : [...wanted].sort((x, y) => x - y);
  const selected = new Set(wanted);
  const engine = options.engine ?? (isWasmKernelAvailable() ? 'wasm' : 'compiled');
  for (const i of order) {
    const result = encryptAgent(alice, bob, i, plain, key, rng, chunk, engine);
    if (selected.has(i)) yield { index: i, ...result };
  }
}

function encryptAgent(
  alice: Population,
  bob: Population,
  i: number,
  plain: Uint16Array,
  key: Uint16Array,
  rng: RandomSource,
  chunk: number,
  engine: EncryptionEngine,
): EncryptedStream {
  const a = alice.cells[i]!;
  const b = bob.cells[i]!;
  switch (engine) {
    case 'wasm':
      return encryptStreamWasm(compileGenome(a.module), compileGenome(b.module), plain, key, rng, {
        aliceState: a.state,
        bobState: b.state,
        chunk,
      });
    case 'compiled':
      return encryptStream(
        new NetworkKernel(compileGenome(a.module), a.state),
        new NetworkKernel(compileGenome(b.module), b.state),
        plain,
        key,
        rng,
        chunk,
      );
    case 'reference':
      return encryptStream(
        new ReferenceStepper({ ...a, state: structuredClone(a.state) }),
        new ReferenceStepper({ ...b, state: structuredClone(b.state) }),
        plain,
        key,
        rng,
        chunk,
      );
  }
}
