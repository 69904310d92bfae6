import type { ComponentChildren } from 'preact';

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  maxLength?: number;
  multiline?: boolean;
  inputMode?: 'decimal' | 'numeric' | 'text';
  /** The unit, shown after the label: "Population (agents)". */
  unit?: string | undefined;
  /** What the field does, its range and cost, shown under the label. */
  help?: ComponentChildren;
}

/**
 * A labelled text input (or textarea) with its help and error tied through aria-describedby, so a
 * screen reader reads the rule and the problem with the field.
 */
export function TextField({
  id,
  label,
  value,
  onInput,
  error,
  maxLength,
  multiline,
  inputMode,
  unit,
  help,
}: FieldProps) {
  const described = [error ? `${id}-error` : '', help ? `${id}-help` : ''].filter(Boolean);
  const common = {
    id,
    name: id,
    value,
    maxLength,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': described.length > 0 ? described.join(' ') : undefined,
  };
  return (
    <div class="field">
      <label for={id}>
        {label}
        {unit ? <span class="unit"> ({unit})</span> : null}
      </label>
      {help ? (
        <div id={`${id}-help`} class="help">
          {help}
        </div>
      ) : null}
      {multiline ? (
        <textarea {...common} rows={5} onInput={(e) => onInput(e.currentTarget.value)} />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={inputMode}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
      )}
      {error ? (
        <p id={`${id}-error`} class="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled numeric input. */
export function NumberField(props: Omit<FieldProps, 'multiline' | 'inputMode'>) {
  return <TextField {...props} inputMode="numeric" />;
}
