/**
 * The `bisuna-multiplexer` kind: the Boolean multiplexer (k address bits select one of 2^k data
 * bits), scored on every case (docs/scoring-multiplexer.md).
 */
import type { AgentTrainingState } from '../../bisuna/training/agent-trainer.js';
import { parseTestSeed } from '../../scoring/seed.js';
import type { TaskKind } from '../kind.js';
import { NETWORK_BUNDLE, loadNetwork } from '../network/bundle.js';
import { multiplexerShape } from './cases.js';
import { MULTIPLEXER_FIELDS, describeMultiplexerSpec } from './describe.js';
import { multiplexerTrainingEnvironment } from './environment.js';
import {
  MULTIPLEXER_FORMULA_VERSION,
  multiplexerCoverage,
  multiplexerReport,
  type MultiplexerCoverage,
} from './score.js';
import {
  MULTIPLEXER_KIND,
  defaultMultiplexerSpec,
  multiplexerSpec,
  type MultiplexerSpec,
} from './spec.js';
import { multiplexerTraining, type MultiplexerTrainingConfig } from './training.js';

export { multiplexerShape, type MultiplexerShape } from './cases.js';
export * from './spec.js';
export * from './score.js';
export { multiplexerTrainingConfig, type MultiplexerTrainingConfig } from './training.js';

/** What the site shows of a multiplexer submission: the truth table's coverage. */
export interface MultiplexerReplay extends MultiplexerCoverage {
  addressBits: number;
}

function networkOf(spec: MultiplexerSpec, files: Parameters<typeof loadNetwork>[0]) {
  const inputs = multiplexerShape(spec.environment.addressBits).inputs;
  return loadNetwork(files, spec.scoring.maxBundleBytes, inputs, 1).cell.module;
}

export const multiplexerKind: TaskKind<
  MultiplexerSpec,
  MultiplexerTrainingConfig,
  AgentTrainingState<MultiplexerTrainingConfig>,
  MultiplexerReplay
> = {
  id: MULTIPLEXER_KIND,
  title: 'Boolean multiplexer',
  summary:
    'One BiSUNA network reads k address bits and 2^k data bits and must output the data bit the address selects, right on every case.',
  specSchema: multiplexerSpec,
  defaultSpec: (options) => defaultMultiplexerSpec(options),
  fields: MULTIPLEXER_FIELDS,
  describe: describeMultiplexerSpec,
  bundleFiles: NETWORK_BUNDLE,
  testFiles: () => [],
  checkScoringBudget: () => {},
  checkBundle(spec, files) {
    networkOf(spec, files);
  },
  formulaVersion: MULTIPLEXER_FORMULA_VERSION,
  async score(input) {
    const seed = parseTestSeed(input.testSeed);
    const module = networkOf(input.spec, input.files);
    input.onProgress?.({ stage: 'cases', fraction: 0 });
    const coverage = multiplexerCoverage(module, input.spec.environment, seed);
    input.onProgress?.({ stage: 'cases', fraction: 1 });
    return multiplexerReport(coverage, module);
  },
  terms: [
    { name: 'accuracy', help: 'cases right (ppm, floored; 1e6 = every case)' },
    { name: 'perfect', help: 'every case right (0/1): ranks above every other network' },
    { name: 'parsimony', help: 'perfect networks: 1e6·64/(64 + hidden neurons + connections)' },
    { name: 'correct', help: 'cases right (count)' },
    { name: 'cases', help: 'cases of the truth table (count)' },
    { name: 'hiddenNeurons', help: 'neurons besides the inputs and the output (count)' },
    { name: 'connections', help: 'connections (count)' },
  ],
  band: (r) =>
    r.terms.perfect
      ? 'every case right: ranks above every imperfect network'
      : 'not every case right: ranks below every perfect network',
  countsLine: (r) => `${r.terms.correct} of ${r.terms.cases} cases right`,
  training: multiplexerTraining,
  environments: [multiplexerTrainingEnvironment as never],
  async replay(input) {
    const module = networkOf(input.spec, input.files);
    const coverage = multiplexerCoverage(
      module,
      input.spec.environment,
      parseTestSeed(input.testSeed),
    );
    return { ...coverage, addressBits: input.spec.environment.addressBits };
  },
};
