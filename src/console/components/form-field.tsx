import type { FormErrors } from "../forms/form-errors";

/** The kinds of control a console form uses; `code` is a monospace text area for HTML. */
export type Control =
  | "text"
  | "url"
  | "email"
  | "password"
  | "number"
  | "datetime-local"
  | "textarea"
  | "code"
  | "select";

export interface FieldProps {
  name: string;
  label: string;
  control: Control;
  value: string;
  errors: FormErrors;
  hint?: string;
  required?: boolean;
  options?: readonly { value: string; label: string }[];
  autocomplete?: string;
  min?: number;
  max?: number;
  /** The field's id; `f-<name>` unless two forms on one page share a name. */
  id?: string;
  /** Say "(optional)" after the label of a field that may stay empty; a search box has no need to. */
  markOptional?: boolean;
}

/** The id a field's control has, for labels and for the error summary's links. */
export function fieldId(name: string): string {
  return `f-${name}`;
}

/**
 * A field's hint and errors: the paragraphs that show them and their ids, which the control (or the group) lists
 * in `aria-describedby` so a screen reader reads them with it.
 */
function fieldNotes(id: string, hint: string | undefined, errors: readonly string[]) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = errors.length > 0 ? `${id}-error` : null;
  return {
    describedBy: [hintId, errorId].filter((part) => part !== null).join(" ") || undefined,
    invalid: errorId !== null,
    shown: (
      <>
        {hintId ? (
          <p class="hint" id={hintId}>
            {hint}
          </p>
        ) : null}
        {errorId ? (
          <p class="field-error" id={errorId}>
            {errors.join(" ")}
          </p>
        ) : null}
      </>
    ),
  };
}

/**
 * One labelled form field. Its errors (problem details whose pointer names it) are read out before the control
 * and tie to it with `aria-describedby`, which also carries the hint; the control is marked `aria-invalid`.
 */
export function Field(props: FieldProps) {
  const id = props.id ?? fieldId(props.name);
  const notes = fieldNotes(id, props.hint, props.errors.byField.get(props.name) ?? []);
  const common = {
    id,
    name: props.name,
    required: props.required === true,
    "aria-describedby": notes.describedBy,
    "aria-invalid": notes.invalid ? "true" : undefined,
    autocomplete: props.autocomplete,
  };
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required || props.markOptional === false ? "" : <span class="muted"> (optional)</span>}
      </label>
      {notes.shown}
      <FieldControl {...props} common={common} />
    </div>
  );
}

function FieldControl(props: FieldProps & { common: Record<string, unknown> }) {
  const { common } = props;
  switch (props.control) {
    case "textarea":
      return <textarea {...common}>{props.value}</textarea>;
    case "code":
      return (
        <textarea {...common} class="code" spellcheck={false}>
          {props.value}
        </textarea>
      );
    case "select":
      return (
        <select {...common}>
          {(props.options ?? []).map((option) => (
            <option value={option.value} selected={option.value === props.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
    case "datetime-local":
      return <input {...common} type="datetime-local" step="1" value={props.value} />;
    default:
      return <input {...common} type={props.control} value={props.value} min={props.min} max={props.max} />;
  }
}

/**
 * A group of checkboxes for one list-valued field (`value` holds the ticked values, joined by commas): a fieldset
 * whose legend is the label, with the field's errors and hint tied to the group as for a single control.
 */
export function CheckboxGroup(props: {
  name: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  errors: FormErrors;
  hint?: string;
}) {
  const id = fieldId(props.name);
  const notes = fieldNotes(id, props.hint, props.errors.byField.get(props.name) ?? []);
  const ticked = new Set(props.value.split(","));
  return (
    <fieldset class="field choices" id={id} aria-describedby={notes.describedBy}>
      <legend>{props.label}</legend>
      {notes.shown}
      {props.options.map((option, i) => (
        <label class="choice" for={`${id}-${i}`}>
          <input
            type="checkbox"
            id={`${id}-${i}`}
            name={props.name}
            value={option.value}
            checked={ticked.has(option.value)}
          />{" "}
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

/** Every error of a refused form, on top, each linking to its field, and those that belong to no field. */
export function ErrorSummary(props: {
  errors: FormErrors;
  labels: Readonly<Record<string, string>>;
  heading?: string;
}) {
  const { byField, general } = props.errors;
  if (byField.size === 0 && general.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{props.heading ?? "Ferry could not save this"}</h2>
      <ul>
        {general.map((detail) => (
          <li>{detail}</li>
        ))}
        {[...byField].map(([name, details]) => (
          <li>
            <a href={`#${fieldId(name)}`}>{props.labels[name] ?? name}</a>: {details.join(" ")}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The hidden fields of every state-changing form. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="csrf" value={props.token} />;
}
