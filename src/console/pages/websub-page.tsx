import type { SubscriberListing } from "../../db/websub-subscriber-page";
import type { Feed } from "../../domain/feed";
import type { Subscription } from "../../domain/websub";
import { FeedHead } from "../components/feed-nav";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import { formatUtc, isoTime } from "../format";
import { consolePaths } from "../paths";

const STATE_LABELS: Readonly<Record<Subscription["state"], string>> = {
  active: "Active",
  unsubscribed: "Unsubscribed",
  gone: "Gone",
  expired: "Expired",
};

/** A subscription's state in words, with its lease: when it ends, or that it ended. */
export function leaseText(subscription: Subscription, nowMs: number): string {
  const when = formatUtc(subscription.expiresAt);
  if (subscription.state !== "active") return `Lease ended ${when}`;
  return subscription.expiresAt > nowMs ? `Lease until ${when}` : `Lease ran out ${when}`;
}

export function SubscriptionState(props: { subscription: Subscription }) {
  const { state } = props.subscription;
  return <span class={`badge ${state === "active" ? "succeeded" : "cancelled"}`}>{STATE_LABELS[state]}</span>;
}

/** A feed's WebSub subscribers: what they follow, where pushes go, their lease and their latest push. */
export function WebsubPage(props: {
  state: PageState;
  feed: Feed;
  subscribers: readonly SubscriberListing[];
  nextCursor: string | null;
  isFirstPage: boolean;
  hubUrl: string;
  nowMs: number;
}) {
  const { feed } = props;
  const base = consolePaths.websub(feed.slug);
  return (
    <Layout state={props.state} title={`WebSub subscribers of ${feed.title}`}>
      <FeedHead state={props.state} feed={feed} />
      <h1>WebSub subscribers</h1>
      <p class="muted">
        Feed readers and services subscribe at Ferry's hub, <code>{props.hubUrl}</code>, and get each new
        version of the feed pushed to their callback. They subscribe and renew themselves; this page shows who
        does.
      </p>
      {props.subscribers.length === 0 ? (
        <p>No subscriber yet.</p>
      ) : (
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">Callback</th>
              <th scope="col">Topic</th>
              <th scope="col">State</th>
              <th scope="col">Latest push</th>
            </tr>
          </thead>
          <tbody>
            {props.subscribers.map(({ subscription, lastPush }) => (
              <tr>
                <td>
                  <a class="url" href={consolePaths.websubSubscriber(feed.slug, subscription.id)}>
                    {subscription.callbackUrl}
                  </a>
                  {subscription.secret !== null ? <span class="muted small"> · signed</span> : null}
                </td>
                <td data-label="Topic" class="url">
                  {subscription.topic.url}
                </td>
                <td data-label="State">
                  <SubscriptionState subscription={subscription} />
                  <br />
                  <span class="muted small">{leaseText(subscription, props.nowMs)}</span>
                </td>
                <td data-label="Latest push">
                  {lastPush === null ? (
                    <span class="muted">none yet</span>
                  ) : (
                    <>
                      <span class={`badge ${lastPush.status}`}>{lastPush.status}</span>{" "}
                      <time datetime={isoTime(lastPush.at)}>{formatUtc(lastPush.at)}</time>
                      {lastPush.error ? <p class="field-error small">{lastPush.error}</p> : null}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Pages">
        {props.isFirstPage ? null : <a href={base}>Newest</a>}
        {props.nextCursor ? <a href={`${base}?cursor=${props.nextCursor}`}>Older subscribers</a> : null}
      </nav>
    </Layout>
  );
}
