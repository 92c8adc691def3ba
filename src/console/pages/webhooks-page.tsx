import type { WebhookOutput } from "../../domain/delivery-schemas";
import type { Feed } from "../../domain/feed";
import { endpointHealth, HealthBadge } from "../components/endpoint-health";
import { FeedHead } from "../components/feed-nav";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import { consolePaths } from "../paths";

/** What an endpoint takes, in words: event types and filters. */
export function selectionText(view: WebhookOutput): string {
  const events = view.events ? view.events.join(", ") : "every article event";
  const filters = [
    view.filter?.tags ? `tagged ${view.filter.tags.join(" or ")}` : null,
    view.filter?.authors ? `by ${view.filter.authors.join(" or ")}` : null,
  ].filter((part) => part !== null);
  return filters.length > 0 ? `${events}, of articles ${filters.join(" and ")}` : events;
}

/** How deliveries go out, in words: ordering and rate limit. */
export function deliveryText(view: WebhookOutput): string {
  const order = view.ordering === "fifo" ? "One at a time, in order (FIFO)" : "Concurrently (unordered)";
  return view.rate_limit_per_second === null ? order : `${order}, at most ${view.rate_limit_per_second}/s`;
}

/** A feed's webhook endpoints with their health, at a glance. */
export function WebhooksPage(props: {
  state: PageState;
  feed: Feed;
  endpoints: readonly WebhookOutput[];
  canWrite: boolean;
  notice: string | null;
}) {
  const { feed } = props;
  return (
    <Layout state={props.state} title={`Webhooks of ${feed.title}`} notice={props.notice}>
      <FeedHead state={props.state} feed={feed} />
      <div class="page-head">
        <h1>Webhooks</h1>
        {props.canWrite ? (
          <a class="button" href={consolePaths.newWebhook(feed.slug)}>
            New endpoint
          </a>
        ) : null}
      </div>
      <p class="muted">
        Each endpoint gets a signed POST (Standard Webhooks) for every article event it takes.
      </p>
      {props.endpoints.length === 0 ? (
        <p>No endpoint yet.</p>
      ) : (
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              <th scope="col">Health</th>
              <th scope="col">Takes</th>
              <th scope="col">Delivery</th>
            </tr>
          </thead>
          <tbody>
            {props.endpoints.map((view) => {
              const health = endpointHealth(view);
              return (
                <tr>
                  <td>
                    <a class="url" href={consolePaths.webhook(feed.slug, view.id)}>
                      {view.url}
                    </a>
                    {view.description ? (
                      <>
                        <br />
                        <span class="muted">{view.description}</span>
                      </>
                    ) : null}
                  </td>
                  <td data-label="Health">
                    <HealthBadge health={health} />
                    {health.detail ? <p class="muted small">{health.detail}</p> : null}
                  </td>
                  <td data-label="Takes">{selectionText(view)}</td>
                  <td data-label="Delivery">{deliveryText(view)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
