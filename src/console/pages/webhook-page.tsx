import type { DeliveryLogStatus } from "../../db/delivery-log";
import type { DeliveryOutput, WebhookOutput } from "../../domain/delivery-schemas";
import type { Feed } from "../../domain/feed";
import type { ChartBucket, ChartWindow } from "../charts/delivery-windows";
import { DeliveryChart } from "../components/delivery-chart";
import { DeliveryLog } from "../components/delivery-log";
import { endpointHealth, HealthBadge } from "../components/endpoint-health";
import { FeedHead } from "../components/feed-nav";
import { CsrfField, ErrorSummary, Field } from "../components/form-field";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import { formatCount, formatUtc } from "../format";
import type { FormErrors } from "../forms/form-errors";
import { consolePaths, type WebhookAction } from "../paths";
import { deliveryText, selectionText } from "./webhooks-page";

export interface WebhookPageProps {
  state: PageState;
  feed: Feed;
  view: WebhookOutput;
  canWrite: boolean;
  csrfToken: string;
  notice: string | null;
  charts: readonly { window: ChartWindow; buckets: readonly ChartBucket[] }[];
  /** The charts read at most this many attempts, and stopped there: older ones may be missing. */
  chartCap: number | null;
  log: {
    deliveries: readonly DeliveryOutput[];
    status: DeliveryLogStatus | null;
    nextCursor: string | null;
    isFirstPage: boolean;
  };
  replay: { since: string; includeSucceeded: boolean; errors: FormErrors };
}

/** One endpoint: its health and settings, what may be done with it, its charts and its delivery log. */
export function WebhookPage(props: WebhookPageProps) {
  const { feed, view } = props;
  const health = endpointHealth(view);
  const path = (action: WebhookAction) => consolePaths.webhookAction(feed.slug, view.id, action);
  return (
    <Layout state={props.state} title={`Webhook ${view.url}`} notice={props.notice}>
      <FeedHead state={props.state} feed={feed} />
      <p>
        <a href={consolePaths.webhooks(feed.slug)}>← Webhooks</a>
      </p>
      <div class="page-head">
        <h1 class="url">{view.url}</h1>
        <HealthBadge health={health} />
      </div>
      {view.description ? <p>{view.description}</p> : null}
      {health.detail ? <p class={`health-detail ${health.state}`}>{health.detail}</p> : null}
      <dl class="facts">
        <div>
          <dt>Takes</dt>
          <dd>{selectionText(view)}</dd>
        </div>
        <div>
          <dt>Delivery</dt>
          <dd>{deliveryText(view)}</dd>
        </div>
        <div>
          <dt>Circuit breaker</dt>
          <dd>
            {view.circuit.state.replace("_", " ")}, {view.circuit.consecutive_failures} failed in a row
          </dd>
        </div>
        <div>
          <dt>Subscribed</dt>
          <dd>{formatUtc(Date.parse(view.created_at))}</dd>
        </div>
        <div>
          <dt>Id</dt>
          <dd>
            <code>{view.id}</code>
          </dd>
        </div>
      </dl>
      {props.canWrite ? <EndpointActions {...props} path={path} /> : null}
      <section aria-labelledby="charts-title">
        <h2 id="charts-title">Outcomes and latency</h2>
        {props.chartCap !== null ? (
          <p class="muted">
            Drawn from the most recent {formatCount(props.chartCap, props.chartCap + 1)} attempts; earlier
            hours may show fewer than were made.
          </p>
        ) : null}
        <div class="charts">
          {props.charts.map((chart) => (
            <DeliveryChart window={chart.window} buckets={chart.buckets} />
          ))}
        </div>
      </section>
      {props.canWrite ? <ReplayForm {...props} action={path("replay")} /> : null}
      <DeliveryLog
        {...props.log}
        base={consolePaths.webhook(feed.slug, view.id)}
        redeliver={props.canWrite ? (id) => consolePaths.redeliver(feed.slug, view.id, id) : null}
        csrfToken={props.csrfToken}
        emptyText="Nothing was sent to this endpoint yet. Send a test event to see one here."
      />
    </Layout>
  );
}

function PostButton(props: { action: string; csrfToken: string; label: string; kind?: "secondary" }) {
  return (
    <form method="post" action={props.action}>
      <CsrfField token={props.csrfToken} />
      <button type="submit" class={props.kind}>
        {props.label}
      </button>
    </form>
  );
}

function EndpointActions(props: WebhookPageProps & { path: (action: WebhookAction) => string }) {
  const { view, path, csrfToken } = props;
  const held = view.paused || view.disabled !== null;
  return (
    <div class="actions endpoint-actions">
      <PostButton action={path("test")} csrfToken={csrfToken} label="Send a test event" />
      <PostButton
        action={path(held ? "resume" : "pause")}
        csrfToken={csrfToken}
        label={held ? "Resume" : "Pause"}
        kind="secondary"
      />
      <PostButton
        action={path("rotate-secret")}
        csrfToken={csrfToken}
        label="Rotate the secret"
        kind="secondary"
      />
      <a class="button secondary" href={path("edit")}>
        Edit
      </a>
      <a class="button danger" href={path("delete")}>
        Delete…
      </a>
    </div>
  );
}

function ReplayForm(props: WebhookPageProps & { action: string }) {
  const { replay } = props;
  return (
    <section aria-labelledby="replay-title">
      <h2 id="replay-title">Replay</h2>
      <p class="muted">
        Sends again what was addressed to this endpoint since a time: deliveries that died or were cancelled,
        and events it never got a delivery for. Each keeps its webhook-id, so a receiver can tell a repeat.
      </p>
      <ErrorSummary
        errors={replay.errors}
        labels={{ since: "Since (UTC)" }}
        heading="Ferry could not replay"
      />
      <form class="stack" method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <Field
          name="since"
          label="Since (UTC)"
          control="datetime-local"
          value={replay.since}
          errors={replay.errors}
          required
        />
        <div class="field">
          <label class="choice" for="f-include_succeeded">
            <input
              type="checkbox"
              id="f-include_succeeded"
              name="include_succeeded"
              value="true"
              checked={replay.includeSucceeded}
            />{" "}
            Also send again what succeeded
          </label>
        </div>
        <div class="actions">
          <button type="submit" class="secondary">
            Replay
          </button>
        </div>
      </form>
    </section>
  );
}
