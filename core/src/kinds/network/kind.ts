import type { Module } from '../../bisuna/format/genome.js';
import type { AgentEnvironment } from '../../bisuna/training/agent-slice.js';
import type {
  AgentTrainingConfig,
  AgentTrainingState,
} from '../../bisuna/training/agent-trainer.js';
import type { ScoreReport } from '../../scoring/score.js';
import { parseTestSeed } from '../../scoring/seed.js';
import type { BundleFiles, KindTraining, SpecEnvelope, TaskKind } from '../kind.js';
import { NETWORK_BUNDLE, loadNetwork } from './bundle.js';

/** What a single-network kind says of itself; {@link networkKind} makes the rest. */
export type NetworkKindParts<S extends SpecEnvelope, C extends AgentTrainingConfig, R> = Pick<
  TaskKind<S, C, AgentTrainingState<C>, R>,
  | 'id'
  | 'title'
  | 'summary'
  | 'specSchema'
  | 'defaultSpec'
  | 'fields'
  | 'describe'
  | 'formulaVersion'
  | 'terms'
  | 'band'
  | 'countsLine'
> & {
  training: KindTraining<S, C, AgentTrainingState<C>>;
  environment: AgentEnvironment<never>;
  /** The network's inputs under the spec (it has one output). */
  inputs(spec: S): number;
  /** What scoring reports of the network (the whole deterministic test), and its stage name. */
  measure(module: Module, spec: S, testSeed: Uint8Array): ScoreReport;
  stage: string;
  /** What the site shows of the network. */
  view(module: Module, spec: S, testSeed: Uint8Array): R;
};

/**
 * A kind whose bundle is one network (`network.dat` and its manifest): the bundle is checked by
 * `loadNetwork` against the spec's interface, scored by `measure`, shown by `view`.
 */
export function networkKind<S extends SpecEnvelope, C extends AgentTrainingConfig, R>(
  parts: NetworkKindParts<S, C, R>,
): TaskKind<S, C, AgentTrainingState<C>, R> {
  const { environment, inputs, measure, stage, view, ...own } = parts;
  const networkOf = (spec: S, files: BundleFiles) =>
    loadNetwork(files, spec.scoring.maxBundleBytes, inputs(spec), 1).cell.module;
  return {
    ...own,
    bundleFiles: NETWORK_BUNDLE,
    testFiles: () => [],
    checkScoringBudget: () => {},
    checkBundle(spec, files) {
      networkOf(spec, files);
    },
    async score(input) {
      const seed = parseTestSeed(input.testSeed);
      const module = networkOf(input.spec, input.files);
      input.onProgress?.({ stage, fraction: 0 });
      const report = measure(module, input.spec, seed);
      input.onProgress?.({ stage, fraction: 1 });
      return report;
    },
    environments: [environment],
    async replay(input) {
      return view(networkOf(input.spec, input.files), input.spec, parseTestSeed(input.testSeed));
    },
  };
}
