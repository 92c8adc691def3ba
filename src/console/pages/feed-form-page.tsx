import type { Feed } from "../../domain/feed";
import { FeedHead } from "../components/feed-nav";
import { CsrfField, ErrorSummary, Field } from "../components/form-field";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import type { FeedSetting, SettingValues } from "../forms/feed-form";
import type { FormErrors } from "../forms/form-errors";

export interface FeedFormPageProps {
  state: PageState;
  heading: string;
  action: string;
  submitLabel: string;
  settings: readonly FeedSetting[];
  values: SettingValues;
  errors: FormErrors;
  csrfToken: string;
  /** A new feed's form carries one, so sending it twice creates one feed. */
  idempotencyKey?: string;
  notice?: string | null;
  /** An existing feed's settings sit among its other screens. */
  feed?: Feed;
}

/** A feed's settings, one field per setting, for a new feed or an existing one. */
export function FeedFormPage(props: FeedFormPageProps) {
  const labels = Object.fromEntries(props.settings.map((s) => [s.name, s.label]));
  return (
    <Layout state={props.state} title={props.heading} notice={props.notice}>
      {props.feed ? <FeedHead state={props.state} feed={props.feed} /> : null}
      <h1>{props.heading}</h1>
      <ErrorSummary errors={props.errors} labels={labels} />
      <form class="stack" method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        {props.idempotencyKey ? (
          <input type="hidden" name="idempotency_key" value={props.idempotencyKey} />
        ) : null}
        {props.settings.map((setting) => (
          <Field
            name={setting.name}
            label={setting.label}
            control={setting.control === "author" ? "text" : setting.control}
            value={props.values[setting.name] ?? ""}
            hint={setting.hint}
            required={setting.required}
            options={setting.options}
            min={setting.min}
            max={setting.max}
            errors={props.errors}
          />
        ))}
        <div class="actions">
          <button type="submit">{props.submitLabel}</button>
        </div>
      </form>
    </Layout>
  );
}
