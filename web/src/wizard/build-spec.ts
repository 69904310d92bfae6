import { parseAnyTaskSpec, type AnyTaskSpec } from '@tem/core/kinds';
import { TaskDocumentError, defaultTaskSpec, parseTaskSpec, type TaskSpec } from '@tem/core/task';
import type { ErrorKey, Form } from './form.js';
import { CIPHER, kindDefaults, paramValue, withValueAt, wizardKind } from './kind-params.js';
import { formErrors, type Errors, type FormContext } from './validate.js';

/** A typed number, NaN when blank. */
export const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

const PATH_TO_FIELD: Record<string, ErrorKey> = {
  title: 'title',
  description: 'description',
  'training.payloadWords': 'payloadWords',
  'training.keyWords': 'keyWords',
  'training.keyRegime': 'keyRegime',
  'training.population': 'population',
  'training.noveltyMapSize': 'noveltyMapSize',
  'training.steps': 'steps',
  'training.generations': 'generations',
  'training.eveAdvantage': 'eveAdvantage',
  'scoring.streams.count': 'streamCount',
  'scoring.streams.words': 'streamWords',
  'verifier.url': 'verifierUrl.0',
  'verifier.address': 'verifierAddress.0',
};

/**
 * The spec's verifiers: `verifier` is the first row; with several, `verifiers` lists every one
 * with its endpoint (the runner asks each), in the order typed.
 */
function specVerifierFields(form: Form): Pick<TaskSpec, 'verifier' | 'verifiers'> {
  const n = Math.max(1, Math.min(form.verifiers.length, Number(form.verifierCount.trim()) || 1));
  const rows = form.verifiers
    .slice(0, n)
    .map((v) => ({ url: v.url.trim(), address: v.address.trim() }));
  return n === 1 ? { verifier: rows[0]! } : { verifier: rows[0]!, verifiers: rows };
}

/**
 * Checks the form (`formErrors`: sentences naming the fix), then builds the spec and validates
 * it with the core schema, the same one every runner and verifier applies. A schema refusal the
 * form's own checks did not foresee is still tied to its field.
 */
export function buildSpec(
  form: Form,
  ctx: FormContext,
): { spec: AnyTaskSpec | null; errors: Errors } {
  const errors = formErrors(form, ctx);
  if (Object.keys(errors).length > 0) return { spec: null, errors };
  if (form.kind !== CIPHER) return buildKindSpec(form, errors);
  const base = defaultTaskSpec({
    verifierUrl: 'https://example.invalid/api/verify',
    verifierAddress: '0x0000000000000000000000000000000000000001',
  });
  const candidate = {
    ...base,
    title: form.title,
    description: form.description,
    training: {
      ...base.training,
      payloadWords: num(form.payloadWords),
      keyWords: num(form.keyWords),
      keyRegime: form.keyRegime,
      population: num(form.population),
      noveltyMapSize: num(form.noveltyMapSize),
      steps: num(form.steps),
      generations: num(form.generations),
      eveAdvantage: num(form.eveAdvantage),
    },
    scoring: {
      ...base.scoring,
      streams: { count: num(form.streamCount), words: num(form.streamWords) },
    },
    ...specVerifierFields(form),
  };
  try {
    return { spec: parseTaskSpec(candidate), errors: {} };
  } catch (error) {
    if (!(error instanceof TaskDocumentError)) throw error;
    schemaErrors(error, (path) => PATH_TO_FIELD[path], errors);
    return { spec: null, errors };
  }
}

/** Ties each refusal of the schema to the field it names (a verifier row, else `fieldOf`). */
function schemaErrors(
  error: TaskDocumentError,
  fieldOf: (path: string) => ErrorKey | undefined,
  errors: Errors,
): void {
  for (const problem of error.problems) {
    const row = /^verifiers\.(\d+)\.(url|address)$/.exec(problem.path);
    const field: ErrorKey =
      fieldOf(problem.path) ??
      (row
        ? row[2] === 'url'
          ? `verifierUrl.${Number(row[1])}`
          : `verifierAddress.${Number(row[1])}`
        : problem.path === 'verifier.url'
          ? 'verifierUrl.0'
          : problem.path === 'verifier.address'
            ? 'verifierAddress.0'
            : 'title');
    errors[field] ??=
      `The task spec does not accept this value (${problem.path}: ${problem.message}).`;
  }
}

/**
 * The spec of a kind other than the cipher: its default spec with the typed parameters at their
 * paths, the title, description and verifiers, validated by the kind's own schema.
 */
function buildKindSpec(form: Form, errors: Errors): { spec: AnyTaskSpec | null; errors: Errors } {
  const kind = wizardKind(form.kind);
  const typed = form.params[kind.id] ?? {};
  let candidate: unknown = {
    ...kindDefaults(kind),
    title: form.title,
    description: form.description,
    ...specVerifierFields(form),
  };
  for (const field of kind.fields) {
    candidate = withValueAt(candidate, field.path, paramValue(field, typed[field.path] ?? ''));
  }
  try {
    return { spec: parseAnyTaskSpec(candidate), errors: {} };
  } catch (error) {
    if (!(error instanceof TaskDocumentError)) throw error;
    const paths = new Set(kind.fields.map((f) => f.path));
    // The parents each generation keeps are not a wizard field: the population must exceed them.
    const fieldOf = (path: string): ErrorKey | undefined =>
      paths.has(path)
        ? `param.${path}`
        : path === 'training.noveltyMapSize' && paths.has('training.population')
          ? 'param.training.population'
          : undefined;
    schemaErrors(error, fieldOf, errors);
    return { spec: null, errors };
  }
}
