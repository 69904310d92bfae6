import { describe, expect, it } from 'vitest';
import { MAX_RANDOM_STREAM_WORDS, ScoringInputError, checkScoringBudget } from '@tem/core/scoring';
import type { TaskSpec } from '@tem/core/task';
import { buildSpec } from './build-spec.js';
import { defaultForm } from './form.js';
import { MAX_SCORED_STREAM_WORDS } from './scoring-budget.js';
import { DEFAULT_SITE_CONFIG } from '../config/index.js';
import { documentedLimits } from '../market/market-limits.js';

const form = {
  ...defaultForm({
    ...DEFAULT_SITE_CONFIG,
    verifiers: [
      {
        url: 'https://verifier.example/api/verify',
        address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      },
    ],
  }),
  title: 'Budget',
};
const ctx = { limits: documentedLimits(361), owner: null };

describe("the wizard's scoring budget", () => {
  it("is the verifiers' own", () => {
    expect(MAX_SCORED_STREAM_WORDS).toBe(MAX_RANDOM_STREAM_WORDS);
  });

  it('lets through exactly the specs every verifier will score', () => {
    const atLimit = buildSpec({ ...form, streamCount: '64', streamWords: '65536' }, ctx);
    expect(atLimit.errors).toEqual({});
    const cipherSpec = atLimit.spec as TaskSpec;
    expect(() => checkScoringBudget(cipherSpec)).not.toThrow();
    const over = buildSpec({ ...form, streamCount: '65', streamWords: '65536' }, ctx);
    expect(over.errors.streamWords).toContain('at most 4,194,304 words');
    // The same spec, built past the wizard, is one the verifiers refuse.
    const unchecked = {
      ...cipherSpec,
      scoring: { ...cipherSpec.scoring, streams: { count: 65, words: 65536 } },
    };
    expect(() => checkScoringBudget(unchecked)).toThrow(ScoringInputError);
  });
});
