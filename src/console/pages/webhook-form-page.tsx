import { ARTICLE_EVENT_TYPES } from "../../domain/events";
import type { Feed } from "../../domain/feed";
import { MAX_RATE_LIMIT_PER_SECOND, WEBHOOK_ORDERINGS } from "../../domain/webhook-endpoint";
import { FeedHead } from "../components/feed-nav";
import { CheckboxGroup, CsrfField, ErrorSummary, Field } from "../components/form-field";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import type { FormErrors } from "../forms/form-errors";
import { WEBHOOK_FIELD_LABELS, type WebhookFormField, type WebhookFormValues } from "../forms/webhook-form";
import { consolePaths } from "../paths";

const ORDERING_LABELS = {
  unordered: "Concurrently (unordered)",
  fifo: "One at a time, in event order (FIFO)",
} as const;

export interface WebhookFormPageProps {
  state: PageState;
  feed: Feed;
  csrfToken: string;
  values: WebhookFormValues;
  errors: FormErrors;
  /** A new endpoint: the key that makes sending the form twice subscribe once. */
  create?: { idempotencyKey: string };
  /** An existing one: its id, for the action and the way back. */
  edit?: { id: string };
}

/** Subscribe an endpoint, or change one: every option the API takes. */
export function WebhookFormPage(props: WebhookFormPageProps) {
  const { feed, values, errors } = props;
  const heading = props.edit ? "Edit the endpoint" : "New endpoint";
  const action = props.edit
    ? consolePaths.webhookAction(feed.slug, props.edit.id, "edit")
    : consolePaths.webhooks(feed.slug);
  const back = props.edit ? consolePaths.webhook(feed.slug, props.edit.id) : consolePaths.webhooks(feed.slug);
  const field = (name: WebhookFormField) => ({
    name,
    label: WEBHOOK_FIELD_LABELS[name],
    value: values[name],
    errors,
  });
  return (
    <Layout state={props.state} title={heading}>
      <FeedHead state={props.state} feed={feed} />
      <p>
        <a href={back}>← {props.edit ? "The endpoint" : "Webhooks"}</a>
      </p>
      <h1>{heading}</h1>
      <ErrorSummary errors={errors} labels={WEBHOOK_FIELD_LABELS} />
      <form class="stack" method="post" action={action}>
        <CsrfField token={props.csrfToken} />
        {props.create ? (
          <input type="hidden" name="idempotency_key" value={props.create.idempotencyKey} />
        ) : null}
        <Field
          {...field("url")}
          control="url"
          required
          hint="Where Ferry POSTs each event: https, on an address reachable from the internet."
        />
        <Field {...field("description")} control="text" hint="For you: who or what receives these." />
        <CheckboxGroup
          {...field("events")}
          options={ARTICLE_EVENT_TYPES.map((type) => ({ value: type, label: type }))}
          hint="None ticked: every article event, including types added later."
        />
        <Field
          {...field("filter_tags")}
          control="text"
          hint="Separated by commas. Empty: articles with any tags or none."
        />
        <Field
          {...field("filter_authors")}
          control="textarea"
          hint="One name (or email, or URL) a line. Empty: articles by anyone."
        />
        <Field
          {...field("ordering")}
          control="select"
          options={WEBHOOK_ORDERINGS.map((ordering) => ({
            value: ordering,
            label: ORDERING_LABELS[ordering],
          }))}
          hint="FIFO holds later deliveries while the oldest one fails."
        />
        <Field
          {...field("rate_limit_per_second")}
          control="number"
          min={1}
          max={MAX_RATE_LIMIT_PER_SECOND}
          hint={`1 to ${MAX_RATE_LIMIT_PER_SECOND}. Empty: no limit of its own.`}
        />
        <div class="actions">
          <button type="submit">{props.edit ? "Save changes" : "Subscribe the endpoint"}</button>
          <a href={back}>Cancel</a>
        </div>
      </form>
    </Layout>
  );
}
