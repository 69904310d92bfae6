import { NumberField, TextField } from '../components/fields.js';
import { FIELD_INFO } from './fields.js';
import type { FormField } from './form.js';

interface Props {
  field: Exclude<FormField, 'keyRegime'>;
  value: string;
  onInput: (value: string) => void;
  error: string | undefined;
}

/** The help under a field: what it does, its range, and what it costs in time. */
export function FieldHelp({ field }: { field: FormField }) {
  const info = FIELD_INFO[field];
  return (
    <>
      <p>{info.help}</p>
      {info.integer || info.cost ? (
        <p class="muted">
          {info.integer
            ? `Whole number, ${info.integer.min.toLocaleString('en')} to ${info.integer.max.toLocaleString('en')}. `
            : null}
          {info.cost ? <span class="cost">{info.cost}</span> : null}
        </p>
      ) : null}
    </>
  );
}

/** One wizard field with its label, unit, help, range, cost and error, all from FIELD_INFO. */
export function WizardField({ field, value, onInput, error }: Props) {
  const info = FIELD_INFO[field];
  const props = {
    id: `field-${field}`,
    label: info.label,
    unit: info.unit,
    value,
    onInput,
    error,
    help: <FieldHelp field={field} />,
  };
  if (field === 'description') return <TextField {...props} multiline maxLength={10_000} />;
  if (field === 'title') return <TextField {...props} maxLength={120} />;
  if (field === 'bounty') return <TextField {...props} inputMode="decimal" />;
  if (field === 'verifierUrl' || field === 'verifierAddress') return <TextField {...props} />;
  return <NumberField {...props} />;
}
