import { TASK_KINDS, type AnyTaskKind, type AnyTaskSpec, type KindField } from '@tem/core/kinds';
import type { FieldInfo } from './fields.js';

/** The kind whose parameters the wizard shows field by field (its own form predates the others). */
export const CIPHER = 'bisuna-cipher';

/** Each non-cipher kind's parameters as typed: kind → spec path → text. */
export type KindParams = Record<string, Record<string, string>>;

const PLACEHOLDER_VERIFIER = {
  verifierUrl: 'https://example.invalid/api/verify',
  verifierAddress: '0x0000000000000000000000000000000000000001',
};

/** The kinds the wizard offers, in the registry's order. */
export const wizardKinds = (): readonly AnyTaskKind[] => TASK_KINDS;

/** The kind with this id (the wizard offers only registered ones). */
export function wizardKind(id: string): AnyTaskKind {
  const kind = TASK_KINDS.find((k) => k.id === id);
  if (!kind) throw new Error(`unknown task kind ${id}`);
  return kind;
}

/** The value at a dotted path of a spec. */
export function valueAt(spec: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], spec);
}

/** A copy of `spec` with `value` at the dotted `path`. */
export function withValueAt<T>(spec: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const record = spec as Record<string, unknown>;
  return {
    ...record,
    [head!]: rest.length === 0 ? value : withValueAt(record[head!] ?? {}, rest.join('.'), value),
  } as T;
}

/** A kind's default spec (placeholder verifier: the wizard sets the real ones). */
export const kindDefaults = (kind: AnyTaskKind): AnyTaskSpec =>
  kind.defaultSpec(PLACEHOLDER_VERIFIER) as AnyTaskSpec;

/** Every non-cipher kind's parameters at its default spec's values. */
export function defaultKindParams(): KindParams {
  const params: KindParams = {};
  for (const kind of TASK_KINDS) {
    if (kind.id === CIPHER) continue;
    const spec = kindDefaults(kind);
    params[kind.id] = Object.fromEntries(
      kind.fields.map((f: KindField) => [f.path, String(valueAt(spec, f.path))]),
    );
  }
  return params;
}

/** What the wizard says of a kind's parameter (its range from the kind's field). */
export function kindFieldInfo(field: KindField): FieldInfo {
  const info: FieldInfo = { label: field.label, help: sentence(field.help) };
  if (field.type === 'integer')
    info.integer = { min: field.min ?? 0, max: field.max ?? Number.MAX_SAFE_INTEGER };
  return info;
}

const sentence = (text: string) =>
  `${text[0]!.toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

/** The typed text of a parameter as the spec's value, or undefined when it is not one. */
export function paramValue(field: KindField, text: string): unknown {
  const t = text.trim();
  switch (field.type) {
    case 'integer':
      return /^-?\d{1,16}$/.test(t) ? Number(t) : undefined;
    case 'number':
      return t !== '' && Number.isFinite(Number(t)) ? Number(t) : undefined;
    case 'boolean':
      return t === 'true' ? true : t === 'false' ? false : undefined;
    case 'choice':
      return field.choices?.find((c) => String(c) === t);
  }
}
