import type { Module, RandomSource } from '../format/genome.js';
import type {
  AgentEnvironments,
  AgentEvaluation,
  AgentResults,
  EnvironmentTask,
} from './agent-slice.js';
import { TrainingConfigError, TrainingStateError } from './errors.js';
import { bestPairIndex, type Evaluator } from './evaluation/evaluator.js';
import { localEvaluator } from './evaluation/local-evaluator.js';
import { runGenerationLoop } from './generation-loop.js';
import { cloneModule, type MutationRates } from './mutation.js';
import {
  breedGeneration,
  createPopulation,
  placeGenerationParents,
  type TrainingPopulation,
} from './population.js';
import { StreamRole, streamFor } from './random.js';
import { HISTORY_LIMIT, thinHistory } from './trainer.js';

/** What every single-population run needs; a task kind's config adds its environment's fields. */
export interface AgentTrainingConfig {
  /** The network's interface. */
  inputs: number;
  outputs: number;
  population: number;
  noveltyMapSize: number;
  initialMutations: number;
  stepMutations: number;
  mutation: MutationRates;
  /** Generations to run. */
  generations: number;
  /** Stop at the first generation whose best agent solves the task (see {@link AgentAssessment}). */
  stopWhenSolved: boolean;
}

/** How the run judges a generation's best agent, tested apart in the calling thread. */
export interface AgentAssessment {
  /** The run keeps the agent of the highest rank (later generations win ties). */
  rank: number;
  solved: boolean;
  /** What the test measured, for the history and reports. */
  figures: Record<string, number>;
}

/**
 * A task kind's side of the generic loop, built from the run's config (so a resumed run gets the
 * same): which environment each generation plays, and the test of each generation's best agent.
 */
export interface AgentTrainingPlan {
  /** The environment generation `tick` plays (plain data; it may change from tick to tick). */
  environment(tick: number): EnvironmentTask;
  /** Tests the best agent of generation `tick`, whose evaluation gave `evaluation`. */
  assess(agent: Module, tick: number, evaluation: AgentEvaluation): AgentAssessment;
  /**
   * Optional: the fitness evolution selects parents by, from the whole generation's results
   * (e.g. fitness sharing over the agents' per-case details); default: each agent's own fitness.
   * The generation's best agent (the one tested) is the best by its own fitness either way.
   */
  selectionFitness?(results: AgentResults): Float64Array;
  /**
   * Optional: the parent of each offspring, as an index into the generation's agents, chosen from
   * the whole generation's results (e.g. lexicase selection over the per-case details) with `rng`;
   * default: a random niche parent (spec §8). The niche parents are kept either way.
   */
  offspringParents?(results: AgentResults, count: number, rng: RandomSource): ArrayLike<number>;
}

/** One generation of the history. */
export interface AgentHistoryEntry {
  /** Generations completed, this one included. */
  generation: number;
  bestFitness: number;
  meanFitness: number;
  /** The best agent's figure (the environment's own measure). */
  bestFigure: number;
  /** Agent evaluations so far, this generation's included (the literature's count). */
  evaluations: number;
  /** The best agent's test. */
  rank: number;
  solved: boolean;
  figures: Record<string, number>;
}

/** The agent the run keeps: the highest-ranked best agent of a generation. */
export interface AgentChampion {
  module: Module;
  generation: number;
  fitness: number;
  figure: number;
  rank: number;
  solved: boolean;
  figures: Record<string, number>;
}

/** Everything a single-population run needs to continue: plain data (see `agentStateToJson`). */
export interface AgentTrainingState<C extends AgentTrainingConfig = AgentTrainingConfig> {
  /** The task kind the run trains for. */
  kind: string;
  seed: number;
  config: C;
  /** Generations run so far; keys every random stream. */
  generation: number;
  population: TrainingPopulation;
  champion: AgentChampion | null;
  history: AgentHistoryEntry[];
  /** Agent evaluations so far (every cell of every generation, parents included). */
  evaluations: number;
  /** The first generation whose best agent solved the task. */
  solvedAt: { generation: number; evaluations: number; elapsedMs: number } | null;
  /** Solved with `stopWhenSolved`: nothing left to run. */
  done: boolean;
  /** Training wall time so far (not part of the reproducible result). */
  elapsedMs: number;
}

/** Checks the generic fields of a config; throws TrainingConfigError naming the field. */
export function validateAgentConfig<C extends AgentTrainingConfig>(c: C): C {
  const ints: [keyof AgentTrainingConfig, number, number][] = [
    ['inputs', 1, 1024],
    ['outputs', 1, 1024],
    ['population', 4, 10_000],
    ['noveltyMapSize', 1, 9_999],
    ['initialMutations', 0, 10_000],
    ['stepMutations', 0, 1_000],
    ['generations', 0, 1_000_000_000],
  ];
  for (const [key, min, max] of ints) {
    const v = c[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new TrainingConfigError(
        `${key} = ${JSON.stringify(v)}: expected an integer in [${min}, ${max}]`,
      );
    }
  }
  if (c.noveltyMapSize >= c.population) {
    throw new TrainingConfigError(
      `noveltyMapSize = ${c.noveltyMapSize}: must be smaller than population (${c.population})`,
    );
  }
  for (const [key, v] of Object.entries(c.mutation ?? {})) {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new TrainingConfigError(`mutation.${key} = ${JSON.stringify(v)}: expected [0, 1]`);
    }
  }
  if (typeof c.stopWhenSolved !== 'boolean') {
    throw new TrainingConfigError(`stopWhenSolved = ${JSON.stringify(c.stopWhenSolved)}`);
  }
  return c;
}

/** A fresh run: one random population drawn from the seed's init stream. */
export function createAgentState<C extends AgentTrainingConfig>(
  kind: string,
  config: C,
  seed: number,
): AgentTrainingState<C> {
  validateAgentConfig(config);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new TrainingConfigError(`seed = ${seed}: expected an integer in [0, 2^53)`);
  }
  const population = createPopulation(
    streamFor(seed, 0, StreamRole.Init, 0),
    {
      inputs: config.inputs,
      outputs: config.outputs,
      populationSize: config.population,
      noveltyMapSize: config.noveltyMapSize,
      initialMutations: config.initialMutations,
      stepMutations: config.stepMutations,
    },
    config.mutation,
  );
  return {
    kind,
    seed,
    config,
    generation: 0,
    population,
    champion: null,
    history: [],
    evaluations: 0,
    solvedAt: null,
    done: false,
    elapsedMs: 0,
  };
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

function evaluate(
  evaluator: Evaluator,
  state: AgentTrainingState,
  plan: AgentTrainingPlan,
): Promise<AgentResults> {
  if (!evaluator.evaluateAgents) {
    throw new TrainingStateError('this evaluator cannot evaluate single networks (agents)');
  }
  return evaluator.evaluateAgents({
    seed: state.seed,
    tick: state.generation,
    environment: plan.environment(state.generation),
    agents: state.population.cells.map((c) => c.module),
  });
}

/**
 * One generation, in place: every agent plays the generation's environment (on the evaluator's
 * lanes), the best is tested ({@link AgentTrainingPlan.assess}) and kept if it ranks highest so
 * far, then the population evolves (spec §8). Deterministic given the state: the evaluation's
 * random streams are keyed by (seed, generation, AgentCell, cell), evolution's by (seed,
 * generation, Evolve).
 */
export async function runAgentGeneration(
  state: AgentTrainingState,
  plan: AgentTrainingPlan,
  evaluator: Evaluator,
): Promise<AgentHistoryEntry> {
  const t0 = now();
  const res = await evaluate(evaluator, state, plan);
  const { config, population } = state;
  const selection = plan.selectionFitness?.(res) ?? res.fitness;
  let sum = 0;
  population.cells.forEach((cell, i) => {
    cell.fitness = selection[i]!;
    sum += res.fitness[i]!;
  });
  const best = bestPairIndex(res.fitness);
  const agent = cloneModule(population.cells[best]!.module);
  const evaluation = { fitness: res.fitness[best]!, figure: res.figure[best]! };
  const tick = state.generation;
  const offspring = population.cells.length - population.map.size;
  const sources = plan.offspringParents
    ? Array.from(
        plan.offspringParents(res, offspring, streamFor(state.seed, tick, StreamRole.Select, 0)),
        (i) => population.cells[i]!.module,
      )
    : undefined;
  const rng = streamFor(state.seed, tick, StreamRole.Evolve, 0);
  placeGenerationParents(population, rng);
  breedGeneration(population, rng, config.mutation, sources);
  const test = plan.assess(agent, tick, evaluation);
  const generation = tick + 1;
  state.generation = generation;
  state.evaluations += population.cells.length;
  const champion = state.champion;
  if (!champion || test.rank >= champion.rank) {
    state.champion = { module: agent, generation, ...evaluation, ...test };
  }
  const entry: AgentHistoryEntry = {
    generation,
    bestFitness: evaluation.fitness,
    meanFitness: sum / population.cells.length,
    bestFigure: evaluation.figure,
    evaluations: state.evaluations,
    ...test,
  };
  state.history.push(entry);
  if (state.history.length > HISTORY_LIMIT) state.history = thinHistory(state.history);
  state.elapsedMs += now() - t0;
  if (test.solved && !state.solvedAt) {
    state.solvedAt = { generation, evaluations: state.evaluations, elapsedMs: state.elapsedMs };
  }
  if (test.solved && config.stopWhenSolved) state.done = true;
  return entry;
}

/** Why {@link trainAgents} returned. */
export type AgentStopReason = 'generations' | 'solved' | 'aborted';

export interface TrainAgentsParameters<C extends AgentTrainingConfig> {
  state: AgentTrainingState<C>;
  plan: AgentTrainingPlan;
  /** Default: in-thread, over `environments`. */
  evaluator?: Evaluator;
  environments?: AgentEnvironments;
  /** Generations to reach (default `config.generations`); counts those already in `state`. */
  generations?: number;
  /** Stops within a fraction of a second; the state is the last complete generation's. */
  signal?: AbortSignal;
  onGeneration?: (entry: AgentHistoryEntry, state: AgentTrainingState<C>) => void;
  /** Called (and awaited) every `checkpointEvery` generations with the consistent state. */
  onCheckpoint?: (state: AgentTrainingState<C>) => void | Promise<void>;
  checkpointEvery?: number;
}

export interface TrainAgentsReturnType<C extends AgentTrainingConfig> {
  state: AgentTrainingState<C>;
  stopped: AgentStopReason;
}

/**
 * Evolves one population of networks against a task kind's environment until the generations
 * are done, the task is solved (with `stopWhenSolved`) or the signal fires. Results are identical
 * for any evaluator and thread count; a state restored from a checkpoint continues exactly.
 *
 * @example
 * const state = createAgentState('bisuna-multiplexer', config, 42);
 * const { stopped } = await trainAgents({ state, plan, environments });
 */
export async function trainAgents<C extends AgentTrainingConfig>(
  params: TrainAgentsParameters<C>,
): Promise<TrainAgentsReturnType<C>> {
  const { state, plan } = params;
  validateAgentConfig(state.config);
  const evaluator = params.evaluator ?? localEvaluator(undefined, params.environments);
  const generations = params.generations ?? state.config.generations;
  const every = params.checkpointEvery ?? 0;
  let stopped: AgentStopReason;
  try {
    stopped = await runGenerationLoop({
      evaluator,
      ...(params.signal && { signal: params.signal }),
      stopBefore: () =>
        state.done ? 'solved' : state.generation >= generations ? 'generations' : null,
      async generation() {
        const entry = await runAgentGeneration(state, plan, evaluator);
        params.onGeneration?.(entry, state);
        if (every > 0 && state.generation % every === 0) await params.onCheckpoint?.(state);
      },
    });
  } finally {
    if (!params.evaluator) await evaluator.close();
  }
  return { state, stopped };
}
