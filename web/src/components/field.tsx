interface FieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  inputMode?: 'numeric' | 'text';
  required?: boolean;
}

/** A labelled input whose error, when there is one, is tied to it for screen readers. */
export function Field({ id, label, value, onInput, error, type = 'text', autocomplete, inputMode, required }: FieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        // Preact types inputs as a union by `type`, which a variable of several types cannot pick: each of ours is valid.
        // typescript-eslint's checker sees the union accepted where tsc does not, hence the assertion it calls needless.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        type={type as 'text'}
        value={value}
        autocomplete={autocomplete}
        inputMode={inputMode}
        required={required}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p class="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
