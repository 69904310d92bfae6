import { writePopulation } from '../../bisuna/format/dat-codec.js';
import {
  agentStateFromJson,
  agentStateToJson,
  isAgentStateJson,
} from '../../bisuna/training/agent-state-json.js';
import {
  createAgentState,
  trainAgents,
  type AgentHistoryEntry,
  type AgentTrainingConfig,
  type AgentTrainingPlan,
  type AgentTrainingState,
} from '../../bisuna/training/agent-trainer.js';
import { toDatPopulation } from '../../bisuna/training/state-json.js';
import {
  NETWORK_BUNDLE_FILES,
  RESULT_MANIFEST_SCHEMA,
  RESULT_MANIFEST_VERSION,
  parseNetworkResultManifest,
} from '../../task/manifest.js';
import { TRAINING_HISTORY_SCHEMA } from '../bundle-files.js';
import type { KindProgress, KindTraining } from '../kind.js';

/** What a single-network kind tells the generic training. */
export interface NetworkTrainingOptions<S, C extends AgentTrainingConfig> {
  /** The kind's id (checkpoints name it). */
  kind: string;
  /** The training config of a spec; throws TrainingConfigError naming the field. */
  config(spec: S): C;
  /** Checks a config read back from a checkpoint; throws naming the field. */
  checkConfig(value: unknown): C;
  /** The run's plan (environment of each generation, test of its best agent). */
  plan(state: AgentTrainingState<C>): AgentTrainingPlan;
  /** A generation's figures in a few words, e.g. `best 2040/2048 cases`. */
  summary(entry: AgentHistoryEntry, config: C): string;
  /** What solved means, for the final message, e.g. `all 2048 cases right`. */
  solvedMeans(config: C): string;
  /** The task in a few words, e.g. `11-multiplexer`. */
  task(config: C): string;
}

const seconds = (ms: number) => Number((ms / 1000).toFixed(3));

/**
 * The training of a single-network kind (multiplexer, double pole): one population evolved by
 * `trainAgents` in the kind's environment; the bundle is `network.dat` (the chosen network at
 * index 0) and its manifest.
 */
export function networkTraining<S, C extends AgentTrainingConfig>(
  o: NetworkTrainingOptions<S, C>,
): KindTraining<S, C, AgentTrainingState<C>> {
  const progress = (
    entry: AgentHistoryEntry,
    state: AgentTrainingState<C>,
    generations: number,
  ): KindProgress => ({
    generation: entry.generation,
    generations,
    elapsedMs: state.elapsedMs,
    label: '',
    summary: o.summary(entry, state.config),
    fields: {
      evaluations: entry.evaluations,
      bestFitness: entry.bestFitness,
      bestFigure: entry.bestFigure,
      meanFitness: Number(entry.meanFitness.toFixed(4)),
      solved: entry.solved,
      ...entry.figures,
    },
    main: true,
  });
  return {
    config: o.config,
    createState: (config, seed) => createAgentState(o.kind, config, seed),
    describeConfig: (c) => `${o.task(c)}, population ${c.population}`,
    async train(p) {
      const generations = p.generations ?? p.state.config.generations;
      return trainAgents({
        state: p.state,
        plan: o.plan(p.state),
        evaluator: p.evaluator,
        generations,
        ...(p.signal && { signal: p.signal }),
        ...(p.onProgress && {
          onGeneration: (entry: AgentHistoryEntry, s: AgentTrainingState<C>) =>
            p.onProgress!(progress(entry, s, generations)),
        }),
        ...(p.onCheckpoint && { onCheckpoint: p.onCheckpoint }),
        ...(p.checkpointEvery !== undefined && { checkpointEvery: p.checkpointEvery }),
      });
    },
    toJson: (s) => agentStateToJson(s),
    fromJson: (value) => agentStateFromJson(value, o.kind, o.checkConfig),
    ownsCheckpoint: (value) => isAgentStateJson(value) && value.kind === o.kind,
    seed: (s) => s.seed,
    configOf: (s) => s.config,
    generation: (s) => s.generation,
    outcome(s) {
      const solved = s.solvedAt
        ? `; ${o.solvedMeans(s.config)} first at generation ${s.solvedAt.generation} (${s.solvedAt.evaluations} evaluations, ${(s.solvedAt.elapsedMs / 1000).toFixed(1)} s)`
        : '';
      return `(${s.evaluations} evaluations, ${(s.elapsedMs / 1000).toFixed(1)} s)${solved}`;
    },
    networkFiles: (s) => [
      [
        NETWORK_BUNDLE_FILES.network,
        writePopulation(toDatPopulation(s.population, s.champion?.module)),
      ],
    ],
    manifest: (s, facts) =>
      parseNetworkResultManifest({
        schema: RESULT_MANIFEST_SCHEMA,
        version: RESULT_MANIFEST_VERSION,
        taskId: facts.taskId,
        specCid: facts.specCid,
        network: 0,
        training: {
          seed: String(s.seed),
          generations: s.generation,
          seconds: seconds(s.elapsedMs),
          bestFitness: s.champion?.fitness ?? 0,
          runner: facts.runner,
        },
        history: s.history.map((h) => ({ generation: h.generation, bestFitness: h.bestFitness })),
      }),
    summary: (s, facts) => ({
      schema: TRAINING_HISTORY_SCHEMA,
      version: 1,
      kind: s.kind,
      seed: s.seed,
      config: s.config,
      threads: facts.threads,
      stopped: facts.stopped,
      generations: s.generation,
      evaluations: s.evaluations,
      seconds: seconds(s.elapsedMs),
      network: 0,
      champion: s.champion && {
        generation: s.champion.generation,
        fitness: s.champion.fitness,
        figure: s.champion.figure,
        rank: s.champion.rank,
        solved: s.champion.solved,
        figures: s.champion.figures,
        neurons: s.champion.module.neurons.length,
        connections: s.champion.module.conns.length,
      },
      solvedAt: s.solvedAt && {
        generation: s.solvedAt.generation,
        evaluations: s.solvedAt.evaluations,
        seconds: seconds(s.solvedAt.elapsedMs),
      },
      history: s.history,
    }),
  };
}
