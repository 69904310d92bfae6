import { NumberField, TextField } from '../components/fields.js';
import type { FieldInfo } from './fields.js';

/** The help under a field: what it does, its range, and what it costs in time. */
export function FieldHelp({ info }: { info: FieldInfo }) {
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

interface Props {
  /** The element id (`field-<name>`), which error focus and tests use. */
  id: string;
  info: FieldInfo;
  /** The label when it is not the field's own (a verifier row: "Verifier 2 address"). */
  label?: string;
  kind: 'text' | 'multiline' | 'number' | 'amount';
  maxLength?: number;
  value: string;
  onInput: (value: string) => void;
  error: string | undefined;
}

/** One wizard field with its label, unit, help, range, cost and error, all from its FieldInfo. */
export function WizardField({ id, info, label, kind, maxLength, value, onInput, error }: Props) {
  const props = {
    id,
    label: label ?? info.label,
    unit: info.unit,
    value,
    onInput,
    error,
    maxLength,
    help: <FieldHelp info={info} />,
  };
  if (kind === 'multiline') return <TextField {...props} multiline />;
  if (kind === 'amount') return <TextField {...props} inputMode="decimal" />;
  if (kind === 'number') return <NumberField {...props} />;
  return <TextField {...props} />;
}
