import type { TaskSpec } from '../../task/index.js';
import type { KindField, SpecRow } from '../kind.js';

/** The parameters a cipher task's owner sets. */
export const CIPHER_FIELDS: readonly KindField[] = [
  {
    path: 'training.keyRegime',
    label: 'Key regime',
    help: 'short-key: one key per stream, Alice and Bob generate a keystream from it; otp: a fresh key word per data word (the reference)',
    type: 'choice',
    choices: ['short-key', 'otp'],
  },
  {
    path: 'training.payloadWords',
    label: 'Payload words',
    help: '16-bit words encrypted per step',
    type: 'integer',
    min: 1,
    max: 16,
  },
  {
    path: 'training.keyWords',
    label: 'Key words',
    help: '16-bit words of the key (equal to the payload words under otp)',
    type: 'integer',
    min: 1,
    max: 16,
  },
  {
    path: 'training.generations',
    label: 'Generations',
    help: 'A&B generations a runner trains at most',
    type: 'integer',
    min: 1,
    max: 10_000_000,
  },
  {
    path: 'scoring.streams.count',
    label: 'Random test streams',
    help: 'streams of random plaintext every submission is scored on',
    type: 'integer',
    min: 1,
    max: 10_000,
  },
  {
    path: 'scoring.streams.words',
    label: 'Words per stream',
    help: 'length of each test stream',
    type: 'integer',
    min: 1,
    max: 1_000_000,
  },
  {
    path: 'scoring.eve.trials',
    label: "Fresh Eve's trials",
    help: 'held-out trials of the Eve the verifier trains itself',
    type: 'integer',
    min: 1,
    max: 1_000_000,
  },
];

/** A cipher spec as rows. */
export function describeCipherSpec(spec: TaskSpec): SpecRow[] {
  const t = spec.training;
  const s = spec.scoring;
  const w = s.weights;
  return [
    { label: 'Key regime', value: t.keyRegime },
    { label: 'Words per step', value: `${t.payloadWords} payload, ${t.keyWords} key` },
    {
      label: 'Training',
      value: `population ${t.population}, ${t.generations} generations, episodes of ${t.steps} steps`,
    },
    {
      label: 'Test streams',
      value: `${s.streams.count} random of ${s.streams.words} words, ${s.testFiles.length} files`,
    },
    {
      label: 'Fresh Eve',
      value: `${s.eve.generations} generations of ${s.eve.population}, ${s.eve.trials} held-out trials`,
    },
    {
      label: 'Weights',
      value: `nist ${w.nist}, correlation ${w.correlation}, key ${w.keySensitivity}, eve ${w.eve}, structure ${w.structure ?? 1}`,
    },
    { label: 'Largest bundle', value: `${s.maxBundleBytes} bytes` },
  ];
}
