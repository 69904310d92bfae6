import { describe, expect, it } from 'vitest';
import { buildSpec } from './build-spec.js';
import type { Form, FormField } from './form.js';

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

  it.each<[Partial<Form>, FormField, string]>([
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
      { verifierUrl: 'javascript:alert(1)' },
      'verifierUrl',
      'Enter the verifier’s http(s) address, such as https://example.org/api/verify.',
    ],
    [
      { verifierAddress: '0x12' },
      'verifierAddress',
      'Enter the verifier’s address: 0x followed by 40 hexadecimal digits.',
    ],
    [{ bounty: '0' }, 'bounty', 'The bounty must be more than 0.'],
    [{ bounty: 'ten' }, 'bounty', 'Enter an amount like 10 or 2.5 (up to 18 decimals).'],
    [{ commitMinutes: '0' }, 'commitMinutes', '0 is too small: the least is 1.'],
    [
      { revealMinutes: '1.5' },
      'revealMinutes',
      'Enter a whole number (no decimals) from 1 to 525,600.',
    ],
    [
      { minScore: '-1' },
      'minScore',
      'Must not be negative: enter a whole number from 0 to 2,000,000.',
    ],
    [{ minScore: '2000001' }, 'minScore', '2,000,001 is too large: the most is 2,000,000.'],
    [
      { minScore: (2n ** 64n).toString() },
      'minScore',
      '18,446,744,073,709,551,616 is too large: the most is 2,000,000.',
    ],
    [{ minScore: '9'.repeat(30) }, 'minScore', 'That is too large: the most is 2,000,000.'],
  ])('explains %j in words on its field', (change, field, message) => {
    const { spec, errors } = buildSpec({ ...form, ...change });
    expect(spec).toBeNull();
    expect(errors[field]).toBe(message);
    // Never the schema's own wording (issue 21: "Invalid input: expected number, received NaN").
    expect(Object.values(errors).join(' ')).not.toMatch(/Invalid input|expected number|received/);
  });
});
