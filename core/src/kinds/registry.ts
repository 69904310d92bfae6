import { agentEnvironments, type AgentEnvironments } from '../bisuna/training/agent-slice.js';
import { TaskDocumentError } from '../task/errors.js';
import type { TaskSpec } from '../task/spec.js';
import { parseJsonText, parseWith } from '../task/validate.js';
import { cipherKind } from './cipher/index.js';
import { doublePoleKind, type DoublePoleSpec } from './double-pole/index.js';
import type { SpecEnvelope, TaskKind } from './kind.js';
import { multiplexerKind, type MultiplexerSpec } from './multiplexer/index.js';

/** A kind with its types erased: what code that handles every kind works with. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind's own types vary
export type AnyTaskKind = TaskKind<any, any, any, any>;

/** Every kind of task, in the order the site offers them. A new kind adds its line here. */
export const TASK_KINDS: readonly AnyTaskKind[] = [cipherKind, multiplexerKind, doublePoleKind];

/** The spec of any kind. */
export type AnyTaskSpec = TaskSpec | MultiplexerSpec | DoublePoleSpec;

/** The kind with this id, or undefined. */
export function kindById(id: string): AnyTaskKind | undefined {
  return TASK_KINDS.find((k) => k.id === id);
}

/** The kind of a parsed spec. */
export function kindOf(spec: Pick<SpecEnvelope, 'kind'>): AnyTaskKind {
  const kind = kindById(spec.kind);
  if (!kind) throw new TaskDocumentError('task spec', [unknownKind(spec.kind)]);
  return kind;
}

function unknownKind(kind: unknown) {
  return {
    path: 'kind',
    message: `${JSON.stringify(kind)} is not a task kind (known: ${TASK_KINDS.map((k) => k.id).join(', ')})`,
  };
}

/**
 * Validates a parsed value as the spec of whichever kind its `kind` names; throws
 * TaskDocumentError naming every bad field (or the unknown kind).
 *
 * @example
 * const spec = parseAnyTaskSpec(JSON.parse(text));
 * const report = await kindOf(spec).score({ spec, files, testSeed, testFiles: new Map() });
 */
export function parseAnyTaskSpec(value: unknown): AnyTaskSpec {
  const kind = (value as { kind?: unknown } | null)?.kind;
  const found = typeof kind === 'string' ? kindById(kind) : undefined;
  if (!found) throw new TaskDocumentError('task spec', [unknownKind(kind)]);
  return parseWith(found.specSchema, value, 'task spec') as AnyTaskSpec;
}

/** Parses and validates the JSON text of a spec of any kind. */
export function parseAnyTaskSpecJson(text: string): AnyTaskSpec {
  return parseAnyTaskSpec(parseJsonText(text, 'task spec'));
}

/** Every kind's training environments, for evaluators and their worker threads. */
export function kindEnvironments(): AgentEnvironments {
  return agentEnvironments(...TASK_KINDS.flatMap((k) => k.environments));
}
