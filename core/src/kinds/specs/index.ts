/**
 * The spec schema of every kind, without the kinds' training, scoring or views: what code that
 * only reads specs imports (the functions' read endpoints, which must stay small). The same
 * schemas as `TASK_KINDS` in `../registry.ts`, in its order (`specs.test.ts` checks they agree).
 *
 * @example
 * import { parseKnownTaskSpecJson } from '@tem/core/kinds/specs';
 * const spec = parseKnownTaskSpecJson(text); // TaskDocumentError at path `kind` for an unknown kind
 */
import type * as z from 'zod';
import { taskSpec } from '../../task/spec.js';
import { TaskDocumentError } from '../../task/errors.js';
import { parseJsonText, parseWith } from '../../task/validate.js';
import { doublePoleSpec } from '../double-pole/spec.js';
import { multiplexerSpec } from '../multiplexer/spec.js';
import type { AnyTaskSpec } from '../registry.js';

/** Each kind's id and its spec schema (a kind's `specSchema`). */
export const KIND_SPEC_SCHEMAS: readonly { id: string; schema: z.ZodType<AnyTaskSpec> }[] = [
  { id: 'bisuna-cipher', schema: taskSpec },
  { id: 'bisuna-multiplexer', schema: multiplexerSpec },
  { id: 'bisuna-double-pole', schema: doublePoleSpec },
];

/**
 * Validates a parsed value as the spec of whichever kind its `kind` names, as
 * `parseAnyTaskSpec` does; throws TaskDocumentError naming every bad field (or the unknown kind).
 */
export function parseKnownTaskSpec(value: unknown): AnyTaskSpec {
  const kind = (value as { kind?: unknown } | null)?.kind;
  const found = KIND_SPEC_SCHEMAS.find((k) => k.id === kind);
  if (!found) {
    throw new TaskDocumentError('task spec', [
      {
        path: 'kind',
        message: `${JSON.stringify(kind)} is not a task kind (known: ${KIND_SPEC_SCHEMAS.map((k) => k.id).join(', ')})`,
      },
    ]);
  }
  return parseWith(found.schema, value, 'task spec');
}

/** Parses and validates the JSON text of a spec of any kind. */
export function parseKnownTaskSpecJson(text: string): AnyTaskSpec {
  return parseKnownTaskSpec(parseJsonText(text, 'task spec'));
}
