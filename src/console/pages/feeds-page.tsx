import type { FeedOverview } from "../../db/feed-overview";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import { formatCount, formatUtc, isoTime } from "../format";
import { consolePaths } from "../paths";

export interface FeedsPageProps {
  state: PageState;
  feeds: readonly FeedOverview[];
  countCap: number;
  canCreate: boolean;
  canConfigure: boolean;
  notice: string | null;
}

/** Every feed the token may see, with its articles, last publication and subscribers. */
export function FeedsPage(props: FeedsPageProps) {
  return (
    <Layout state={props.state} title="Feeds" notice={props.notice}>
      <div class="page-head">
        <h1>Feeds</h1>
        {props.canCreate ? (
          <a class="button" href={consolePaths.newFeed}>
            New feed
          </a>
        ) : null}
      </div>
      {props.feeds.length === 0 ? (
        <p>This token may not see any feed yet.</p>
      ) : (
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">Feed</th>
              <th scope="col">Articles</th>
              <th scope="col">Last published</th>
              <th scope="col">Webhooks</th>
              <th scope="col">WebSub</th>
              {props.canConfigure ? <th scope="col">Settings</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.feeds.map((row) => (
              <FeedRow row={row} countCap={props.countCap} canConfigure={props.canConfigure} />
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function FeedRow(props: { row: FeedOverview; countCap: number; canConfigure: boolean }) {
  const { feed } = props.row;
  return (
    <tr>
      <td>
        <a href={consolePaths.articles(feed.slug)}>{feed.title}</a>
        <br />
        <code class="muted">{feed.slug}</code>
      </td>
      <td class="num" data-label="Articles">
        {formatCount(props.row.articleCount, props.countCap)}
        {props.row.scheduledCount > 0 ? (
          <span class="muted"> ({formatCount(props.row.scheduledCount, props.countCap)} scheduled)</span>
        ) : null}
      </td>
      <td data-label="Last published">
        {props.row.lastPublishedAt === null ? (
          <span class="muted">never</span>
        ) : (
          <time datetime={isoTime(props.row.lastPublishedAt)}>{formatUtc(props.row.lastPublishedAt)}</time>
        )}
      </td>
      <td class="num" data-label="Webhooks">
        {props.row.webhookCount}
      </td>
      <td class="num" data-label="WebSub">
        {props.row.websubCount}
      </td>
      {props.canConfigure ? (
        <td data-label="Settings">
          <a href={consolePaths.feedSettings(feed.slug)} aria-label={`Settings of ${feed.title}`}>
            Settings
          </a>
        </td>
      ) : null}
    </tr>
  );
}
