import { describe, expect, it } from 'vitest';
import { documentedLimits } from '../market/market-limits.js';
import { buildSpec } from './build-spec.js';
import { taskParams } from './task-params.js';
import type { ErrorKey, Form } from './form.js';
import { defaultKindParams } from './kind-params.js';
import type { FormContext } from './validate.js';

const OWNER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const V1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const V2 = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const V3 = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65';
/** The local chain's deployment: a minimum window of 5 s. */
const ctx: FormContext = { limits: { ...documentedLimits(366), fromContract: true }, owner: OWNER };
const rows = (...addresses: string[]) =>
  Array.from({ length: 7 }, (_, i) => ({
    url: addresses[i] ? `http://127.0.0.1:${8890 + i}/api/verify` : '',
    address: addresses[i] ?? '',
  }));

const form: Form = {
  kind: 'bisuna-cipher',
  params: defaultKindParams(),
  title: 'Neural cipher',
  description: 'Train Alice and Bob.',
  payloadWords: '3',
  keyWords: '3',
  keyRegime: 'short-key',
  population: '100',
  noveltyMapSize: '20',
  steps: '300',
  generations: '2000',
  eveAdvantage: '100',
  streamCount: '16',
  streamWords: '2048',
  verifierCount: '1',
  verifiers: rows(V1),
  threshold: '1',
  bounty: '2.5',
  commitBond: '0.1',
  commitMinutes: '60',
  revealMinutes: '60',
  seedMinutes: '10',
  scoringMinutes: '60',
  minScore: '0',
};

describe('the create-task wizard', () => {
  it('builds a spec the core schema accepts', () => {
    const { spec, errors } = buildSpec(form, ctx);
    expect(errors).toEqual({});
    expect(spec?.title).toBe('Neural cipher');
    expect(spec?.kind).toBe('bisuna-cipher');
    expect(spec?.training.population).toBe(100);
    expect(spec?.verifier.address).toBe(V1);
  });

  it.each<[Partial<Form>, ErrorKey, string]>([
    [{ title: '  ' }, 'title', 'Give the task a title (1 to 120 characters).'],
    [{ population: '' }, 'population', 'Enter a whole number from 4 to 10,000.'],
    [
      { population: 'abc' },
      'population',
      '“abc” is not a number: enter a whole number from 4 to 10,000.',
    ],
    [{ population: '10.5' }, 'population', 'Enter a whole number (no decimals) from 4 to 10,000.'],
    [
      { population: '-5' },
      'population',
      'Must not be negative: enter a whole number from 4 to 10,000.',
    ],
    [{ population: '0' }, 'population', '0 is too small: the least is 4.'],
    [{ population: '20000' }, 'population', '20,000 is too large: the most is 10,000.'],
    [
      { noveltyMapSize: '100' },
      'noveltyMapSize',
      'Must be smaller than the population (100): some agents must be replaced each generation.',
    ],
    [
      { keyRegime: 'otp', keyWords: '1' },
      'keyWords',
      'Under the one-time pad the key has one word per payload word: set it to 3.',
    ],
    [{ streamWords: '0' }, 'streamWords', '0 is too small: the least is 1.'],
    [
      { streamCount: '10000', streamWords: '1000' },
      'streamWords',
      'Streams × words is 10,000,000; the verifier scores at most 4,194,304 words per submission. Use fewer or shorter streams.',
    ],
    [
      { verifiers: [{ url: 'javascript:alert(1)', address: V1 }, ...rows().slice(1)] },
      'verifierUrl.0',
      'Enter the verifier’s http(s) address, such as https://example.org/api/verify.',
    ],
    [
      { verifiers: rows('0x12') },
      'verifierAddress.0',
      'Enter the verifier’s address: 0x followed by 40 hexadecimal digits.',
    ],
    [{ bounty: '0' }, 'bounty', 'The bounty must be more than 0.'],
    [{ bounty: 'ten' }, 'bounty', 'Enter an amount like 10 or 2.5 (up to 18 decimals).'],
    [{ commitMinutes: '0' }, 'commitMinutes', '0 is too small: the least is 2.'],
    [
      { revealMinutes: '1.5' },
      'revealMinutes',
      'Enter a whole number (no decimals) from 1 to 525,600.',
    ],
    [
      { minScore: '-1' },
      'minScore',
      'Must not be negative: enter a whole number from 0 to 3,000,000.',
    ],
    [{ minScore: '3000001' }, 'minScore', '3,000,001 is too large: the most is 3,000,000.'],
    [
      { minScore: (2n ** 64n).toString() },
      'minScore',
      '18,446,744,073,709,551,616 is too large: the most is 3,000,000.',
    ],
    [{ minScore: '9'.repeat(30) }, 'minScore', 'That is too large: the most is 3,000,000.'],
  ])('explains %j in words on its field', (change, field, message) => {
    const { spec, errors } = buildSpec({ ...form, ...change }, ctx);
    expect(spec).toBeNull();
    expect(errors[field]).toBe(message);
    // Never the schema's own wording (issue 21: "Invalid input: expected number, received NaN").
    expect(Object.values(errors).join(' ')).not.toMatch(/Invalid input|expected number|received/);
  });

  it.each<[Partial<Form>, ErrorKey, string]>([
    [{ commitBond: '-1' }, 'commitBond', 'Enter an amount like 10 or 2.5 (up to 18 decimals).'],
    [{ commitBond: '100000000000' }, 'commitBond', 'That bond is larger than the contract holds.'],
    [{ verifierCount: '8' }, 'verifierCount', '8 is too large: the most is 7.'],
    [{ verifierCount: '0' }, 'verifierCount', '0 is too small: the least is 1.'],
    [
      { verifierCount: '2', verifiers: rows(V1, V2), threshold: '3' },
      'threshold',
      '3 is more than the 2 verifiers named: at most 2 can sign.',
    ],
    [
      { verifiers: rows(OWNER) },
      'verifierAddress.0',
      'This is your own address: the owner of a task cannot be one of its verifiers (you would score your own task).',
    ],
    [
      { verifierCount: '2', verifiers: rows(V1, V1.toLowerCase()), threshold: '1' },
      'verifierAddress.1',
      'The same address as verifier 1: each verifier must be a different key.',
    ],
    [
      { verifiers: rows(V1.replace('0x7', '0x7').replace('C51', 'c51')) },
      'verifierAddress.0',
      'This address has a wrong checksum (its mixed case does not match): check it.',
    ],
    [
      {
        verifierCount: '3',
        verifiers: rows(V1, V2, V3),
        threshold: '2',
        seedMinutes: '30',
        scoringMinutes: '60',
      },
      'scoringMinutes',
      '60 is too short: it must hold both halves of the seed window (2 × 30 minutes) and at least 5s of scoring, 61 minutes in all.',
    ],
    [
      { commitMinutes: '200000', revealMinutes: '200000', scoringMinutes: '200000' },
      'scoringMinutes',
      'The scoring deadline would fall 416d 16h after creation; the contract allows at most 365 days. Shorten the windows.',
    ],
  ])('holds %j to the contract’s bounds on its field', (change, field, message) => {
    const { spec, errors } = buildSpec({ ...form, ...change }, ctx);
    expect(spec).toBeNull();
    expect(errors[field]).toBe(message);
  });

  it('takes the minimum window from the deployment: 10 minutes on Theta', () => {
    const theta: FormContext = { limits: documentedLimits(361), owner: OWNER };
    expect(buildSpec({ ...form, commitMinutes: '10' }, theta).errors.commitMinutes).toBe(
      '10 is too small: the least is 11.',
    );
    expect(buildSpec({ ...form, revealMinutes: '9' }, theta).errors.revealMinutes).toBe(
      '9 is too small: the least is 10.',
    );
    expect(
      buildSpec({ ...form, commitMinutes: '11', revealMinutes: '10', scoringMinutes: '10' }, theta)
        .errors,
    ).toEqual({});
  });

  it('accepts three verifiers in any order, a bond of 0, and no seed window with one verifier', () => {
    const three = {
      ...form,
      verifierCount: '3',
      verifiers: rows(V3, V1, V2),
      threshold: '2',
      seedMinutes: '10',
      scoringMinutes: '21',
    };
    const built = buildSpec(three, ctx);
    expect(built.errors).toEqual({});
    // The spec lists every verifier with its endpoint (the runner asks each), the first as `verifier`.
    expect(built.spec?.verifier.address).toBe(V3);
    expect(built.spec?.verifiers?.map((v) => v.address)).toEqual([V3, V1, V2]);
    expect(buildSpec(form, ctx).spec?.verifiers).toBeUndefined();
    // The chain gets them in ascending order.
    expect(taskParams(three, ctx)?.verifiers).toEqual(
      [V1, V2, V3].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)),
    );
    expect(taskParams(three, ctx)).toMatchObject({
      threshold: 2,
      seedWindow: 600,
      commitBond: 10n ** 17n,
    });
    expect(buildSpec({ ...form, commitBond: '0' }, ctx).errors).toEqual({});
    // One verifier: the seed window is not asked, so a blank one is no error.
    expect(buildSpec({ ...form, seedMinutes: '' }, ctx).errors).toEqual({});
  });

  it('builds a multiplexer spec from its parameters, with its default spec for the rest', () => {
    const params = defaultKindParams();
    expect(params['bisuna-multiplexer']).toMatchObject({
      'environment.addressBits': '3',
      'environment.stepsPerCase': '2',
      'training.population': '100',
    });
    params['bisuna-multiplexer']!['environment.addressBits'] = '2';
    const { spec, errors } = buildSpec({ ...form, kind: 'bisuna-multiplexer', params }, ctx);
    expect(errors).toEqual({});
    expect(spec).toMatchObject({
      kind: 'bisuna-multiplexer',
      title: 'Neural cipher',
      environment: { addressBits: 2, stepsPerCase: 2 },
      verifier: { address: V1 },
    });
  });

  it('names the kind parameter that is out of range', () => {
    const params = defaultKindParams();
    params['bisuna-multiplexer']!['environment.addressBits'] = '9';
    const mux = buildSpec({ ...form, kind: 'bisuna-multiplexer', params }, ctx);
    expect(mux.spec).toBeNull();
    expect(mux.errors).toEqual({
      'param.environment.addressBits': '9 is too large: the most is 4.',
    });
    params['bisuna-double-pole']!['environment.velocities'] = 'maybe';
    params['bisuna-double-pole']!['training.population'] = '12';
    const pole = buildSpec({ ...form, kind: 'bisuna-double-pole', params }, ctx);
    expect(pole.errors).toEqual({
      'param.environment.velocities': 'Choose one of: true, false.',
      'param.training.population':
        'Must be more than the 20 networks kept as parents each generation.',
    });
  });

  it('builds a double pole spec with or without velocities', () => {
    const params = defaultKindParams();
    expect(params['bisuna-double-pole']!['environment.velocities']).toBe('false');
    params['bisuna-double-pole']!['environment.velocities'] = 'true';
    params['bisuna-double-pole']!['training.episodeSteps'] = '2000';
    const { spec, errors } = buildSpec({ ...form, kind: 'bisuna-double-pole', params }, ctx);
    expect(errors).toEqual({});
    expect(spec).toMatchObject({
      kind: 'bisuna-double-pole',
      environment: { velocities: true, observations: 'raw' },
      training: { episodeSteps: 2000 },
    });
    // The cipher's fields are not the double pole's: a cipher value out of range does not matter.
    expect(
      buildSpec({ ...form, kind: 'bisuna-double-pole', params, payloadWords: '0' }, ctx).errors,
    ).toEqual({});
  });
});
