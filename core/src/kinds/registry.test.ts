import { describe, expect, it } from 'vitest';
import { TEST_VERIFIER } from './test-support/networks.js';
import {
  TASK_KINDS,
  kindById,
  kindEnvironments,
  kindOf,
  parseAnyTaskSpecJson,
} from './registry.js';

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce((o, k) => (o as Record<string, unknown> | undefined)?.[k], value);
}

describe('the kind registry', () => {
  it('holds every kind once, each with a valid default spec it owns', () => {
    const ids = TASK_KINDS.map((k) => k.id);
    expect(ids).toEqual(['bisuna-cipher', 'bisuna-multiplexer', 'bisuna-double-pole']);
    for (const kind of TASK_KINDS) {
      const spec = kind.defaultSpec(TEST_VERIFIER);
      expect(kindOf(parseAnyTaskSpecJson(JSON.stringify(spec)))).toBe(kind);
      expect(kindById(kind.id)).toBe(kind);
      for (const field of kind.fields) expect(at(spec, field.path), field.path).toBeDefined();
      expect(kind.describe(spec).length).toBeGreaterThan(2);
      expect(kind.bundleFiles[0]!.name).toBe('manifest.json');
      expect(kind.terms.length).toBeGreaterThan(0);
    }
  });

  it('gives worker threads every training environment', () => {
    expect([...kindEnvironments().keys()]).toEqual(['bisuna-multiplexer', 'bisuna-double-pole']);
  });

  it('names the problem in a spec that is not JSON or has no known kind', () => {
    expect(() => parseAnyTaskSpecJson('{')).toThrow(/invalid task spec: \(root\): not JSON/);
    expect(() => parseAnyTaskSpecJson('{"schema":"tem/task-spec"}')).toThrow(
      /kind: undefined is not a task kind/,
    );
  });
});
