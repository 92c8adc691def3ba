import { MAX_TOKEN_FEEDS, MAX_TOKEN_LIFETIME_DAYS } from "../../domain/token-input";
import { TOKEN_ROLES } from "../../domain/tokens";
import { CsrfField, ErrorSummary, Field } from "../components/form-field";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import type { FormErrors } from "../forms/form-errors";
import { TOKEN_FIELD_LABELS, type TokenFormField, type TokenFormValues } from "../forms/token-form";
import { consolePaths } from "../paths";

const ROLE_LABELS = {
  read: "read: reads feeds, articles and delivery logs",
  write: "write: also publishes and manages webhooks",
  admin: "admin: also manages feeds and tokens",
} as const;

/** A new API token: who it is for, what it may do, on which feeds, for how long. */
export function TokenFormPage(props: {
  state: PageState;
  csrfToken: string;
  values: TokenFormValues;
  errors: FormErrors;
  idempotencyKey: string;
  /** A scoped admin must name feeds: it may only hand out what it has. */
  scoped: boolean;
}) {
  const { values, errors } = props;
  const field = (name: TokenFormField) => ({
    name,
    label: TOKEN_FIELD_LABELS[name],
    value: values[name],
    errors,
  });
  return (
    <Layout state={props.state} title="New token">
      <p>
        <a href={consolePaths.tokens}>← Tokens</a>
      </p>
      <h1>New token</h1>
      <ErrorSummary errors={errors} labels={TOKEN_FIELD_LABELS} />
      <form class="stack" method="post" action={consolePaths.tokens}>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="idempotency_key" value={props.idempotencyKey} />
        <Field
          {...field("label")}
          control="text"
          required
          hint="Who or what uses it, e.g. CMS. Not secret."
        />
        <Field
          {...field("role")}
          control="select"
          required
          options={TOKEN_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
        />
        <Field
          {...field("feeds")}
          control="text"
          required={props.scoped}
          hint={
            props.scoped
              ? `Slugs separated by commas (at most ${MAX_TOKEN_FEEDS}), among the feeds your token has.`
              : `Slugs separated by commas (at most ${MAX_TOKEN_FEEDS}). Empty: every feed, including new ones.`
          }
        />
        <Field
          {...field("expires_in_days")}
          control="number"
          min={1}
          max={MAX_TOKEN_LIFETIME_DAYS}
          hint={`1 to ${MAX_TOKEN_LIFETIME_DAYS}. Empty: it never expires.`}
        />
        <div class="actions">
          <button type="submit">Create the token</button>
          <a href={consolePaths.tokens}>Cancel</a>
        </div>
      </form>
    </Layout>
  );
}
