import type { KindField, SpecRow } from '../kind.js';
import { EVOLUTION_FIELDS } from '../network/evolution.js';
import type { DoublePoleSpec } from './spec.js';

/** The parameters a double pole task's owner sets. */
export const DOUBLE_POLE_FIELDS: readonly KindField[] = [
  {
    path: 'environment.velocities',
    label: 'Velocities observed',
    help: 'with: the network sees positions, angles and their velocities (6 inputs); without: only the cart position and the two angles (3 inputs), so it must estimate the velocities itself, the hard classic',
    type: 'boolean',
  },
  {
    path: 'environment.observations',
    label: 'Observations',
    help: 'raw state values (the reference BiSUNA default) or normalized as the literature scales them (x/4.8, angles/0.52, velocities/2), then discretised to 16-bit words',
    type: 'choice',
    choices: ['raw', 'normalized'],
  },
  {
    path: 'training.episodeSteps',
    label: 'Training episode',
    help: 'control steps of each training run (the literature: 1,000)',
    type: 'integer',
    min: 10,
    max: 100_000,
  },
  {
    path: 'training.randomStarts',
    label: 'Random starts',
    help: 'extra random starting states every generation plays, for generalisation',
    type: 'integer',
    min: 0,
    max: 64,
  },
  ...EVOLUTION_FIELDS,
];

/** A double pole spec as rows. */
export function describeDoublePoleSpec(spec: DoublePoleSpec): SpecRow[] {
  const e = spec.environment;
  const t = spec.training;
  return [
    {
      label: 'Task',
      value: `balance two poles (0.5 m and 0.05 m half lengths) on a cart, ${e.velocities ? 'with' : 'without'} velocity inputs`,
      help: 'Wieland 1991 with the constants of Gruau, Whitley and Pyeatt 1996; 0.02 s per step, two Runge-Kutta steps of 0.01 s',
    },
    {
      label: 'Observations',
      value: `${e.velocities ? 'x, ẋ, θ1, θ̇1, θ2, θ̇2' : 'x, θ1, θ2'} (${e.observations}), as 16-bit words`,
      help: 'round(32767 + 32767·v/10); the output word w pushes with (w − 32767)·100/32767 N, within ±10 N',
    },
    {
      label: 'Test',
      value:
        '100,000 steps from the standard start (θ1 = 0.07 rad), then 1,000 steps from each of 625 starts',
    },
    {
      label: 'Score',
      value:
        '10 per step balanced below 100,000 steps; at 100,000: 2,000,000 + 1,600 per start generalised',
    },
    {
      label: 'Training',
      value: `population ${t.population}, up to ${t.generations} generations, episodes of ${t.episodeSteps} steps, ${t.randomStarts} random starts, solved at ${t.generalisationTarget}/625`,
    },
    { label: 'Largest bundle', value: `${spec.scoring.maxBundleBytes} bytes` },
  ];
}
