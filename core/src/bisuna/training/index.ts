/**
 * BiSUNA training (spec §6-§11): mutation operators, spectrum and novelty map, reproduction, the
 * CPA encryption environment with the reference's defects fixed (the otp regime), the short-key
 * keystream environment with its key-dependence probe (docs/bisuna-differences.md #25-29), and a
 * reproducible, resumable, interruptible training loop. Pure and isomorphic; the compute-runner supplies
 * worker threads through the {@link Evaluator} interface.
 *
 * @example
 * import { trainCipher, trainingConfigFromJson } from '@tem/core/bisuna/training';
 * const config = trainingConfigFromJson({ population: 20, noveltyMapSize: 5, generations: 40 });
 * const { alice, bob, history } = await trainCipher({ config, seed: 1 });
 */
export * from './errors.js';
export * from './random.js';
export * from './spectrum.js';
export * from './novelty-map.js';
export * from './mutation.js';
export * from './orphans.js';
export * from './population.js';
export * from './ini.js';
export * from './config.js';
export * from './cpa-rewards.js';
export * from './ncc3.js';
export * from './key-layout.js';
export * from '../encryption/cipher-stream.js';
export * from './cpa-episode.js';
export * from './genome-codec.js';
export * from './evaluation/evaluator.js';
export * from './evaluation/worker-messages.js';
export * from './evaluation/slice-runners.js';
export * from './evaluation/slice-coordinator.js';
export * from './evaluation/local-evaluator.js';
export * from './agent-slice.js';
export * from './generation-loop.js';
export * from './agent-trainer.js';
export * from './agent-state-json.js';
export * from './worker-protocol.js';
export * from './trainer.js';
export * from './train-cipher.js';
export * from './train-eve.js';
export * from './state-json.js';
export * from './keystream-schedule.js';
export * from './keystream-probes.js';
export * from './keystream-episode.js';
export * from './keystream-runner.js';
export * from './gf2-rank.js';
export * from './generation-tasks.js';
