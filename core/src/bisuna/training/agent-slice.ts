import type { Module, RandomSource } from '../format/genome.js';
import type { NetworkKernel } from '../kernels/network-kernel.js';
import { TrainingStateError } from './errors.js';
import {
  forEachItem,
  stoppedShortOfItems,
  type ClaimedResults,
  type SharedWork,
} from './lane-items.js';
import { StreamRole, streamFor } from './random.js';
import type { ResidentGenomes } from './resident-genomes.js';
import { sharedArray } from './work-claims.js';

/** What one agent's evaluation gives: the fitness evolution ranks by, and a figure to report. */
export interface AgentEvaluation {
  /** Higher is better. */
  fitness: number;
  /** The environment's own measure (cases right, steps balanced), for reports. */
  figure: number;
}

/**
 * An environment single networks are evaluated in, one agent at a time (a task kind's training
 * environment). Runs in worker threads: it is found there by `id`, and its parameters travel as
 * plain data, so they must survive structured cloning.
 *
 * @example
 * const parity: AgentEnvironment<{ bits: number }> = {
 *   id: 'parity',
 *   evaluate(kernel, { bits }, rng) { ...; return { fitness: right, figure: right }; },
 * };
 */
export interface AgentEnvironment<P = unknown> {
  readonly id: string;
  /**
   * Bytes of detail the environment records per agent (e.g. one bit per test case), which the
   * trainer may combine across the population (see `AgentTrainingPlan.selectionFitness`);
   * default 0.
   */
  detailBytes?(params: P): number;
  /**
   * Evaluates the network behind `kernel` (reset it first: kernels are shared between cells with
   * the same genome). `rng` is the cell's own stream, for Random neurons; `detail` (zeroed, of
   * {@link detailBytes} bytes) receives the agent's detail.
   */
  evaluate(
    kernel: NetworkKernel,
    params: P,
    rng: RandomSource,
    detail: Uint8Array,
  ): AgentEvaluation;
}

/** The environments a lane can evaluate agents in, by id. */
export type AgentEnvironments = ReadonlyMap<string, AgentEnvironment<never>>;

/** A table of environments by id. */
export function agentEnvironments(
  ...environments: readonly AgentEnvironment<never>[]
): AgentEnvironments {
  return new Map(environments.map((e) => [e.id, e]));
}

/** Which environment a generation's agents play, and with what (plain data). */
export interface EnvironmentTask {
  id: string;
  params: unknown;
  /** What the environment's `detailBytes(params)` gives (checked by every lane); default 0. */
  detailBytes?: number;
}

/** One generation of a single population: every agent plays `environment` once. */
export interface AgentGeneration {
  seed: number;
  /** The run's generation counter, which keys the cells' random streams. */
  tick: number;
  environment: EnvironmentTask;
  agents: readonly Module[];
}

/** Per-agent results, indexed from the task's first agent. */
export interface AgentResults {
  fitness: Float64Array;
  figure: Float64Array;
  /** Agent i's detail at `detail.subarray(i * detailBytes, (i + 1) * detailBytes)`. */
  detail: Uint8Array;
  detailBytes: number;
}

/** A lane's share of an {@link AgentGeneration}: resident agents `first .. first+count-1`. */
export interface AgentSlice {
  kind: 'agents';
  seed: number;
  tick: number;
  first: number;
  count: number;
  environment: EnvironmentTask;
  /** Agents taken one at a time by every lane, results written in shared memory. */
  shared?: SharedWork<AgentResults>;
}

/** Result arrays for `count` agents with `detailBytes` each, in this thread's memory or shared. */
export function agentResults(count: number, detailBytes: number, shared = false): AgentResults {
  const f64 = (n: number) => (shared ? sharedArray(Float64Array, n) : new Float64Array(n));
  const detail = shared
    ? sharedArray(Uint8Array, count * detailBytes)
    : new Uint8Array(count * detailBytes);
  return { fitness: f64(count), figure: f64(count), detail, detailBytes };
}

function findEnvironment(environments: AgentEnvironments, task: EnvironmentTask) {
  const environment = environments.get(task.id) as AgentEnvironment | undefined;
  if (!environment) {
    const known = [...environments.keys()].join(', ') || 'none';
    throw new TrainingStateError(
      `agent task: no environment '${task.id}' in this evaluator (it has ${known})`,
    );
  }
  return environment;
}

/**
 * Evaluates an {@link AgentSlice} on resident genomes (role `agent`): agent `first + i` plays the
 * environment with Random neurons drawing from `(seed, tick, AgentCell, first + i)`.
 */
export function runAgentSlice(
  genomes: ResidentGenomes,
  task: AgentSlice,
  environments: AgentEnvironments,
): AgentResults | ClaimedResults {
  const environment = findEnvironment(environments, task.environment);
  const bytes = environment.detailBytes?.(task.environment.params) ?? 0;
  if (task.first < 0 || task.first + task.count > genomes.size('agent')) {
    throw new TrainingStateError(
      `agents slice ${task.first}+${task.count} outside the ${genomes.size('agent')} resident agent genomes`,
    );
  }
  const res = task.shared?.results ?? agentResults(task.count, bytes);
  if (res.detailBytes !== bytes) {
    throw new TrainingStateError(
      `agent task: ${res.detailBytes} detail bytes, the environment writes ${bytes}`,
    );
  }
  const claimed = forEachItem(task.count, task.shared, (i) => {
    const cell = task.first + i;
    const rng = streamFor(task.seed, task.tick, StreamRole.AgentCell, cell);
    const detail = res.detail.subarray(i * bytes, (i + 1) * bytes);
    detail.fill(0);
    const kernel = genomes.kernel('agent', cell);
    const r = environment.evaluate(kernel, task.environment.params, rng, detail);
    res.fitness[i] = r.fitness;
    res.figure[i] = r.figure;
  });
  if (stoppedShortOfItems()) return { claimed, stoppedEarly: true };
  return task.shared ? { claimed } : res;
}
