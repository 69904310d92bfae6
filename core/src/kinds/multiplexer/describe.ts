import type { KindField, SpecRow } from '../kind.js';
import { EVOLUTION_FIELDS } from '../network/evolution.js';
import { multiplexerShape } from './cases.js';
import type { MultiplexerSpec } from './spec.js';

/** The parameters a multiplexer task's owner sets. */
export const MULTIPLEXER_FIELDS: readonly KindField[] = [
  {
    path: 'environment.addressBits',
    label: 'Address bits',
    help: '2: the 6-multiplexer (64 cases); 3: the 11-multiplexer (2,048 cases), the classic hard one; 4: the 20-multiplexer (1,048,576 cases)',
    type: 'integer',
    min: 1,
    max: 4,
  },
  {
    path: 'environment.stepsPerCase',
    label: 'Steps per case',
    help: 'network steps on each case from a reset network before its answer is read; 2 lets a signal pass a neuron that does not fire',
    type: 'integer',
    min: 1,
    max: 16,
  },
  ...EVOLUTION_FIELDS,
];

/** A multiplexer spec as rows. */
export function describeMultiplexerSpec(spec: MultiplexerSpec): SpecRow[] {
  const { addressBits, stepsPerCase } = spec.environment;
  const shape = multiplexerShape(addressBits);
  const t = spec.training;
  return [
    {
      label: 'Task',
      value: `${shape.inputs}-multiplexer: ${addressBits} address bits select one of ${shape.dataBits} data bits`,
    },
    {
      label: 'Cases',
      value: `all ${shape.cases}, each from a reset network, ${stepsPerCase} step${stepsPerCase === 1 ? '' : 's'}`,
      help: 'inputs are words 0 or 1 (data bits first, then the address, least significant first); the answer is 1 exactly when the output word is 65535',
    },
    {
      label: 'Training',
      value: `population ${t.population}, up to ${t.generations} generations${t.fitnessSharing ? ', fitness sharing' : ''}${t.lexicase ? ', lexicase selection' : ''}${t.caseSample ? `, ${t.caseSample} cases a generation` : ''}`,
    },
    {
      label: 'Score',
      value:
        'cases right (ppm) below 1,000,000; a perfect network 2,000,000 plus a bonus for being small',
    },
    { label: 'Largest bundle', value: `${spec.scoring.maxBundleBytes} bytes` },
  ];
}
