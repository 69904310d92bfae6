import { describe, expect, it } from 'vitest';
import { TaskDocumentError } from './errors.js';

describe('TaskDocumentError', () => {
  it('names every bad field, and lists at most 12 of them in its message', () => {
    const few = new TaskDocumentError('task spec', [
      { path: 'environment.addressBits', message: 'too big' },
      { path: '', message: 'unknown key' },
    ]);
    expect(few.message).toBe(
      'invalid task spec: environment.addressBits: too big; (root): unknown key',
    );
    const problems = Array.from({ length: 700 }, (_, i) => ({
      path: `history.${i}.bestFitness`,
      message: 'expected number',
    }));
    const many = new TaskDocumentError('result manifest', problems);
    expect(many.problems).toHaveLength(700);
    expect(many.message).toMatch(
      /^invalid result manifest: history\.0\.bestFitness: expected number; /,
    );
    expect(many.message).toContain('history.11.bestFitness');
    expect(many.message).not.toContain('history.12.bestFitness');
    expect(many.message).toMatch(/; and 688 more$/);
  });
});
