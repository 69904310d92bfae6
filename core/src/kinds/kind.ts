import type * as z from 'zod';
import type { AgentEnvironment } from '../bisuna/training/agent-slice.js';
import type { Evaluator } from '../bisuna/training/evaluation/evaluator.js';
import type { ScoreProgress, ScoreReport } from '../scoring/score.js';

/** A result bundle's files by name, as read from its folder or its CID (manifest included). */
export type BundleFiles = ReadonlyMap<string, Uint8Array>;

/** One file of a kind's result bundle. */
export interface BundleFile {
  name: string;
  /** A bundle without it is rejected (`missing-file`); optional files are uploaded when present. */
  required: boolean;
  /** Scoring reads it (a verifier fetches only these). */
  scored: boolean;
  what: string;
}

/** A file the spec names by CID that scoring reads (the cipher's test files). */
export interface SpecTestFile {
  name: string;
  cid: string;
  maxBytes: number;
}

/** What {@link TaskKind.score} scores. */
export interface KindScoreInput<S> {
  spec: S;
  /** The bundle's files (see {@link TaskKind.bundleFiles}); missing ones are simply absent. */
  files: BundleFiles;
  /** The task's test seed, 0x-prefixed bytes32 hex. */
  testSeed: string;
  /** The spec's test files by name (see {@link TaskKind.testFiles}). */
  testFiles: ReadonlyMap<string, Uint8Array>;
  signal?: AbortSignal;
  onProgress?: (p: ScoreProgress) => void;
}

/** One line of a spec as the site and `tem` show it. */
export interface SpecRow {
  label: string;
  value: string;
  help?: string;
}

/** A parameter a task owner sets (the wizard's form): where it lives in the spec and its range. */
export interface KindField {
  /** Dotted path in the spec, e.g. `environment.addressBits`. */
  path: string;
  label: string;
  help: string;
  type: 'integer' | 'number' | 'boolean' | 'choice';
  min?: number;
  max?: number;
  choices?: readonly (string | number)[];
}

/** One term of a score report, for tables. */
export interface TermHelp {
  name: string;
  help: string;
}

/** What the common part of every spec holds (`kindSpecSchema`'s envelope). */
export interface SpecEnvelope {
  schema: string;
  version: number;
  kind: string;
  title: string;
  description: string;
  scoring: { maxBundleBytes: number };
  verifier: { url: string; address: string };
}

/** The options of {@link TaskKind.defaultSpec}. */
export interface KindSpecOptions {
  title?: string;
  description?: string;
  verifierUrl: string;
  verifierAddress: string;
}

/** Where a training run is, for progress lines (one per generation). */
export interface KindProgress {
  /** Generations of the run's main population done, and the target. */
  generation: number;
  generations: number;
  elapsedMs: number;
  /** What the run is doing, if it has phases (the cipher's `ab`, `eve-block`), padded; or ''. */
  label: string;
  /** The run's own figures, for a terminal's status line (e.g. `best 2040/2048`). */
  summary: string;
  /** The same as JSON fields, for the JSON progress lines. */
  fields: Record<string, unknown>;
  /** Whether this tick completed a main generation (only those get a JSON line). */
  main: boolean;
}

/** Why a training run returned. */
export type KindStopReason = 'generations' | 'solved' | 'aborted';

/** Who made a bundle, for its manifest. */
export interface ManifestFacts {
  taskId: string;
  specCid: string;
  runner: string;
}

/** Facts about a run that are not part of its reproducible state, for `training.json`. */
export interface RunFacts {
  threads: number;
  stopped: KindStopReason | 'running';
}

export interface KindTrainParameters<State> {
  state: State;
  evaluator: Evaluator;
  /** Generations to reach (default: the config's); counts those already done. */
  generations?: number;
  signal?: AbortSignal;
  onProgress?: (p: KindProgress) => void;
  /** Awaited every `checkpointEvery` generations with a consistent state. */
  onCheckpoint?: (state: State) => void | Promise<void>;
  checkpointEvery?: number;
}

/**
 * How a kind trains (isomorphic): the state of a run, its checkpoints, and what it produces.
 * Runners (`tem train`, the daemon, a browser) drive every kind through this.
 */
export interface KindTraining<S, C, State> {
  /** The training config of a spec; throws TrainingConfigError naming the field. */
  config(spec: S): C;
  /** A fresh run. */
  createState(config: C, seed: number): State;
  train(params: KindTrainParameters<State>): Promise<{ state: State; stopped: KindStopReason }>;
  /** A checkpoint of the state (plain JSON), and back; `fromJson` throws TrainingStateError. */
  toJson(state: State): Record<string, unknown>;
  fromJson(value: unknown): State;
  /** Whether a checkpoint's JSON is one of this kind's. */
  ownsCheckpoint(value: unknown): boolean;
  /** A config in a few words, e.g. `short-key, population 100`. */
  describeConfig(config: C): string;
  /** The run's seed, config, generations done and a one-line account of it. */
  seed(state: State): number;
  configOf(state: State): C;
  generation(state: State): number;
  /** What the run did, in words: e.g. `(41,200 evaluations, 95.3 s); solved at generation 412`. */
  outcome(state: State): string;
  /** The network files of the bundle (`.dat`, the chosen network at the manifest's index). */
  networkFiles(state: State): [string, Uint8Array][];
  /** The bundle's manifest (valid for {@link TaskKind.checkBundle}). */
  manifest(state: State, facts: ManifestFacts): Record<string, unknown>;
  /** `training.json`: summary and history. */
  summary(state: State, facts: RunFacts): Record<string, unknown>;
}

/**
 * A kind of task: the contract is kind-agnostic; the spec's `kind` picks one of these, which
 * says everything else. A new kind is one folder under `core/src/kinds/` that exports one, plus
 * its line in `registry.ts`.
 */
/** What {@link TaskKind.replay} replays: a submission's bundle under a test seed. */
export interface KindReplayInput<S> {
  spec: S;
  files: BundleFiles;
  /** 0x-prefixed bytes32 hex: the task's test seed, or any seed for a preview. */
  testSeed: string;
}

export interface TaskKind<
  S extends SpecEnvelope = SpecEnvelope,
  C = unknown,
  State = unknown,
  R = unknown,
> {
  /** The spec's `kind`, e.g. `bisuna-multiplexer`. */
  readonly id: string;
  /** What people call it. */
  readonly title: string;
  /** One sentence on what a solver trains. */
  readonly summary: string;
  /** The whole spec, envelope included; rejects bad input naming the field. */
  readonly specSchema: z.ZodType<S>;
  /** A complete valid spec with this kind's defaults. */
  defaultSpec(options: KindSpecOptions): S;
  /** The wizard's parameters. */
  readonly fields: readonly KindField[];
  /** A spec as rows of label and value. */
  describe(spec: S): SpecRow[];
  /** The result bundle's files (manifest first). */
  readonly bundleFiles: readonly BundleFile[];
  /** Files the spec names by CID that scoring needs. */
  testFiles(spec: S): SpecTestFile[];
  /** Refuses a spec whose scoring would cost too much (ScoringInputError). */
  checkScoringBudget(spec: S): void;
  /** Checks a bundle against the spec without scoring it; throws BundleError. */
  checkBundle(spec: S, files: BundleFiles): void;
  /** Version of the score formula (the kind's own document). */
  readonly formulaVersion: number;
  /** The score the verifier signs: deterministic, the same on every platform, ≤ MAX_SCORE. */
  score(input: KindScoreInput<S>): Promise<ScoreReport>;
  /** The report's terms, in the order tables show them. */
  readonly terms: readonly TermHelp[];
  /** Where a report sits in the formula, in words. */
  band(report: ScoreReport): string;
  /** What the report was measured on (counts), one line. */
  countsLine(report: ScoreReport): string;
  readonly training: KindTraining<S, C, State>;
  /** The environments its training evaluates networks in (worker threads need them). */
  readonly environments: readonly AgentEnvironment<never>[];
  /**
   * What the site shows of a submission, run in the browser from its bundle (the multiplexer's
   * truth table, the cart's trajectory, the cipher's image): the kind's own data, plain values
   * and typed arrays.
   */
  replay(input: KindReplayInput<S>): Promise<R>;
}
