import { describe, expect, it } from 'vitest';
import { TASK_KINDS, parseAnyTaskSpec } from '../registry.js';
import { TEST_VERIFIER } from '../test-support/networks.js';
import { KIND_SPEC_SCHEMAS, parseKnownTaskSpec } from './index.js';

describe('KIND_SPEC_SCHEMAS', () => {
  it('holds every registered kind, in order, with its own spec schema', () => {
    expect(KIND_SPEC_SCHEMAS.map((k) => k.id)).toEqual(TASK_KINDS.map((k) => k.id));
    KIND_SPEC_SCHEMAS.forEach((k, i) => expect(k.schema).toBe(TASK_KINDS[i]!.specSchema));
  });

  it('parses what parseAnyTaskSpec parses, and refuses an unknown kind the same way', () => {
    for (const kind of TASK_KINDS) {
      const spec = JSON.parse(JSON.stringify(kind.defaultSpec(TEST_VERIFIER))) as unknown;
      expect(parseKnownTaskSpec(spec)).toEqual(parseAnyTaskSpec(spec));
    }
    const unknown = { kind: 'bisuna-go' };
    expect(() => parseKnownTaskSpec(unknown)).toThrow(/kind: "bisuna-go" is not a task kind/);
    expect(() => parseKnownTaskSpec(unknown)).toThrow(
      (() => {
        try {
          parseAnyTaskSpec(unknown);
        } catch (error) {
          return (error as Error).message;
        }
        return 'no error';
      })(),
    );
  });
});
