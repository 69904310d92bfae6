import { describe, expect, it } from 'vitest';
import { buildSpec, economicErrors, type Form } from './wizard-spec.js';

const form: Form = {
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
  verifierUrl: 'http://127.0.0.1:8888/api/verify',
  verifierAddress: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  bounty: '2.5',
  commitMinutes: '60',
  revealMinutes: '60',
  scoringMinutes: '60',
  minScore: '0',
};

describe('the create-task wizard', () => {
  it('builds a spec the core schema accepts', () => {
    const { spec, errors } = buildSpec(form);
    expect(errors).toEqual({});
    expect(spec?.title).toBe('Neural cipher');
    expect(spec?.training.population).toBe(100);
    expect(spec?.verifier.address).toBe(form.verifierAddress);
  });

  it.each<[Partial<Form>, keyof Form]>([
    [{ title: '  ' }, 'title'],
    [{ population: '10.5' }, 'population'],
    [{ population: '' }, 'population'],
    [{ noveltyMapSize: '100' }, 'noveltyMapSize'],
    [{ keyRegime: 'otp', keyWords: '1' }, 'keyWords'],
    [{ streamWords: '0' }, 'streamWords'],
    [{ verifierUrl: 'javascript:alert(1)' }, 'verifierUrl'],
    [{ verifierAddress: '0x12' }, 'verifierAddress'],
  ])('maps the schema error for %j to its field', (change, field) => {
    const { spec, errors } = buildSpec({ ...form, ...change });
    expect(spec).toBeNull();
    expect(errors[field]).toBeTruthy();
  });

  it('checks bounty, windows and minimum score', () => {
    expect(economicErrors(form)).toEqual({});
    const errors = economicErrors({
      ...form,
      bounty: '0',
      commitMinutes: '0',
      revealMinutes: '1.5',
      minScore: '-1',
    });
    expect(Object.keys(errors).sort()).toEqual([
      'bounty',
      'commitMinutes',
      'minScore',
      'revealMinutes',
    ]);
    expect(economicErrors({ ...form, minScore: (2n ** 64n).toString() }).minScore).toBeTruthy();
  });
});
