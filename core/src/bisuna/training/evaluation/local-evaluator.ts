import type { EpisodeEngine } from '../cpa-episode.js';
import type { AgentEnvironments } from '../agent-slice.js';
import { canShareMemory } from '../work-claims.js';
import type { Evaluator } from './evaluator.js';
import { SliceCoordinator, type SliceCoordinatorOptions } from './slice-coordinator.js';
import { SliceWorker } from './slice-runners.js';

/**
 * Runs every evaluation in the calling thread (browser main thread, tests, one-core runs). Where
 * memory can be shared, it takes the cells one at a time as the calling thread's lane of a pool
 * does, so a long evaluation yields to the event loop (see {@link Evaluator.setInterrupt}).
 */
export function localEvaluator(
  engine?: EpisodeEngine,
  environments?: AgentEnvironments,
): Evaluator {
  const shared = canShareMemory();
  return slicedEvaluator(
    1,
    engine,
    { callingThreadLane: shared, shareMemory: shared },
    environments,
  );
}

/**
 * An in-thread evaluator over `parts` lanes, each with its own resident genomes: shows that
 * results do not depend on the split (or, with `options`, on claiming and prefetching); also a
 * template for parallel evaluators.
 */
export function slicedEvaluator(
  parts: number,
  engine?: EpisodeEngine,
  options: SliceCoordinatorOptions = {},
  environments?: AgentEnvironments,
): SliceCoordinator {
  const lanes = Array.from({ length: parts }, () => new SliceWorker(engine, environments));
  return new SliceCoordinator(
    parts,
    async (lane, updates, slice) => lanes[lane]!.run(updates, slice),
    undefined,
    options,
  );
}
