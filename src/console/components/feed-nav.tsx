import type { Feed } from "../../domain/feed";
import type { PageState } from "../console-env";
import { FEED_NAV_ITEMS, isCurrent, visibleTo } from "../nav";

/** The head of every page of one feed but its articles (whose heading is the feed): its name, and its screens. */
export function FeedHead(props: { state: PageState; feed: Feed }) {
  const { feed } = props;
  return (
    <>
      <p class="muted feed-name">
        Feed <strong>{feed.title}</strong> · <code>{feed.slug}</code>
      </p>
      <FeedNav {...props} />
    </>
  );
}

/** A feed's screens, the current one marked; only those the token's role may open. */
export function FeedNav(props: { state: PageState; feed: Feed }) {
  const { feed, state } = props;
  return (
    <nav class="feed-nav" aria-label={`${feed.title}: screens`}>
      <ul>
        {visibleTo(FEED_NAV_ITEMS, state.who?.role ?? null).map((item) => {
          const href = item.path(feed.slug);
          return (
            <li>
              <a href={href} aria-current={isCurrent(href, state.path) ? "page" : undefined}>
                {item.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
