interface FieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  maxLength?: number;
  multiline?: boolean;
  inputMode?: 'decimal' | 'numeric' | 'text';
}

/** A labelled text input (or textarea) with its error tied through aria-describedby. */
export function TextField({
  id,
  label,
  value,
  onInput,
  error,
  maxLength,
  multiline,
  inputMode,
}: FieldProps) {
  const common = {
    id,
    name: id,
    value,
    maxLength,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
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
