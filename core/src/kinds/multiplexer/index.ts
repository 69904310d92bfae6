/**
 * The `bisuna-multiplexer` kind: the Boolean multiplexer (k address bits select one of 2^k data
 * bits), scored on every case (docs/kinds/multiplexer.md).
 */
import type { AgentEnvironment } from '../../bisuna/training/agent-slice.js';
import { networkKind } from '../network/kind.js';
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

export const multiplexerKind = networkKind<
  MultiplexerSpec,
  MultiplexerTrainingConfig,
  MultiplexerReplay
>({
  id: MULTIPLEXER_KIND,
  title: 'Boolean multiplexer',
  summary:
    'One BiSUNA network reads k address bits and 2^k data bits and must output the data bit the address selects, right on every case.',
  specSchema: multiplexerSpec,
  defaultSpec: (options) => defaultMultiplexerSpec(options),
  fields: MULTIPLEXER_FIELDS,
  describe: describeMultiplexerSpec,
  formulaVersion: MULTIPLEXER_FORMULA_VERSION,
  inputs: (spec) => multiplexerShape(spec.environment.addressBits).inputs,
  stage: 'cases',
  measure: (module, spec, seed) =>
    multiplexerReport(multiplexerCoverage(module, spec.environment, seed), module),
  view: (module, spec, seed) => ({
    ...multiplexerCoverage(module, spec.environment, seed),
    addressBits: spec.environment.addressBits,
  }),
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
  environment: multiplexerTrainingEnvironment as AgentEnvironment<never>,
});
