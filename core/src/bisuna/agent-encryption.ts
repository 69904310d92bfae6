import { compileGenome } from './compiled-genome.js';
import { encryptStream, type EncryptedStream } from './encryption.js';
import { EncryptionInputError } from './errors.js';
import type { Population, RandomSource } from './genome.js';
import { NetworkKernel } from './network-kernel.js';
import { ReferenceStepper, type NetworkStepper } from './stepper.js';

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
  /** `compiled` (default) or the slow literal `reference` step. */
  engine?: 'compiled' | 'reference';
}

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
  for (const i of order) {
    const a = makeStepper(alice, i, options.engine);
    const b = makeStepper(bob, i, options.engine);
    const result = encryptStream(a, b, plain, key, rng, chunk);
    if (selected.has(i)) yield { index: i, ...result };
  }
}

function makeStepper(pop: Population, i: number, engine = 'compiled'): NetworkStepper {
  const cell = pop.cells[i]!;
  if (engine === 'reference') {
    return new ReferenceStepper({ ...cell, state: structuredClone(cell.state) });
  }
  return new NetworkKernel(compileGenome(cell.module), cell.state);
}
