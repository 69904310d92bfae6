import type { KindField } from '@tem/core/kinds';
import { kindView } from '../kinds/views.js';
import type { Errors } from './validate.js';
import { kindFieldInfo, wizardKind, wizardKinds } from './kind-params.js';
import { FieldHelp, WizardField } from './wizard-field.js';

/** The element id of a kind parameter's input (`field-param-environment-addressBits`). */
export const paramFieldId = (path: string) => `field-param-${path.replace(/\./g, '-')}`;

/** The task kinds, one radio button each with what it asks in plain words. */
export function KindChoice({ kind, onChange }: { kind: string; onChange: (id: string) => void }) {
  return (
    <fieldset class="kind-choice">
      <legend>Task kind</legend>
      {wizardKinds().map((k) => (
        <div class="kind-option" key={k.id}>
          <input
            type="radio"
            name="task-kind"
            id={`kind-${k.id}`}
            value={k.id}
            checked={kind === k.id}
            onChange={() => onChange(k.id)}
            aria-describedby={`kind-${k.id}-help`}
          />{' '}
          <label for={`kind-${k.id}`}>{k.title}</label>
          <p id={`kind-${k.id}-help`} class="help">
            {k.summary}
          </p>
        </div>
      ))}
      <p class="kind-about" data-testid="kind-about">
        {kindView(kind)?.about}
      </p>
    </fieldset>
  );
}

const choiceLabel = (field: KindField, value: string) =>
  field.type === 'boolean' ? (value === 'true' ? 'Yes' : 'No') : value;

/** A yes/no or choice parameter as a select with its help and error. */
function ChoiceField({
  field,
  value,
  error,
  onInput,
}: {
  field: KindField;
  value: string;
  error: string | undefined;
  onInput: (value: string) => void;
}) {
  const id = paramFieldId(field.path);
  const options = field.type === 'boolean' ? ['true', 'false'] : (field.choices ?? []).map(String);
  return (
    <div class="field">
      <label for={id}>{field.label}</label>
      <div id={`${id}-help`} class="help">
        <FieldHelp info={kindFieldInfo(field)} />
      </div>
      <select
        id={id}
        value={value}
        aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? 'true' : undefined}
        onChange={(e) => onInput(e.currentTarget.value)}
      >
        {options.includes(value) ? null : <option value={value}>{value}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {choiceLabel(field, o)}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} class="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The chosen kind's parameters (the kind's `fields`), each with its help, range and error. */
export function KindParamsFields({
  kind,
  values,
  errors,
  onInput,
}: {
  kind: string;
  values: Record<string, string>;
  errors: Errors;
  onInput: (path: string) => (value: string) => void;
}) {
  const k = wizardKind(kind);
  return (
    <fieldset data-testid="kind-params">
      <legend>{k.title}: parameters</legend>
      {k.fields.map((field) =>
        field.type === 'boolean' || field.type === 'choice' ? (
          <ChoiceField
            key={field.path}
            field={field}
            value={values[field.path] ?? ''}
            error={errors[`param.${field.path}`]}
            onInput={onInput(field.path)}
          />
        ) : (
          <WizardField
            key={field.path}
            id={paramFieldId(field.path)}
            info={kindFieldInfo(field)}
            kind="number"
            value={values[field.path] ?? ''}
            onInput={onInput(field.path)}
            error={errors[`param.${field.path}`]}
          />
        ),
      )}
    </fieldset>
  );
}
