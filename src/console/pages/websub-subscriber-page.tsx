import type { DeliveryLogStatus } from "../../db/delivery-log";
import type { DeliveryOutput } from "../../domain/delivery-schemas";
import type { Feed } from "../../domain/feed";
import type { Subscription } from "../../domain/websub";
import { DeliveryLog } from "../components/delivery-log";
import { FeedHead } from "../components/feed-nav";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import { consolePaths } from "../paths";
import { leaseText, SubscriptionState } from "./websub-page";

/** One WebSub subscriber: its subscription and its recent pushes, each with its attempts. */
export function WebsubSubscriberPage(props: {
  state: PageState;
  feed: Feed;
  subscription: Subscription;
  nowMs: number;
  csrfToken: string;
  log: {
    deliveries: readonly DeliveryOutput[];
    status: DeliveryLogStatus | null;
    nextCursor: string | null;
    isFirstPage: boolean;
  };
}) {
  const { feed, subscription } = props;
  return (
    <Layout state={props.state} title={`WebSub subscriber ${subscription.callbackUrl}`}>
      <FeedHead state={props.state} feed={feed} />
      <p>
        <a href={consolePaths.websub(feed.slug)}>← WebSub subscribers</a>
      </p>
      <div class="page-head">
        <h1 class="url">{subscription.callbackUrl}</h1>
        <SubscriptionState subscription={subscription} />
      </div>
      <dl class="facts">
        <div>
          <dt>Topic</dt>
          <dd class="url">{subscription.topic.url}</dd>
        </div>
        <div>
          <dt>Lease</dt>
          <dd>
            {leaseText(subscription, props.nowMs)} ({Math.round(subscription.leaseSeconds / 86_400)} days
            granted)
          </dd>
        </div>
        <div>
          <dt>Signed</dt>
          <dd>
            {subscription.secret === null ? "No" : "Yes, with X-Hub-Signature (the secret is never shown)"}
          </dd>
        </div>
        <div>
          <dt>Id</dt>
          <dd>
            <code>{subscription.id}</code>
          </dd>
        </div>
      </dl>
      <DeliveryLog
        {...props.log}
        base={consolePaths.websubSubscriber(feed.slug, subscription.id)}
        redeliver={null}
        csrfToken={props.csrfToken}
        emptyText="Nothing was pushed to this subscriber yet."
        heading="Recent pushes"
      />
    </Layout>
  );
}
