import type { ArticleListing } from "../../db/article-listings";
import type { Feed } from "../../domain/feed";
import { feedPaths } from "../../domain/feed-view";
import { FeedNav } from "../components/feed-nav";
import { Field } from "../components/form-field";
import { CopyButton, Layout } from "../components/layout";
import { StatusBadge } from "../components/status-badge";
import type { PageState } from "../console-env";
import { formatUtc, isoTime } from "../format";
import { NO_ERRORS } from "../forms/form-errors";
import { consolePaths } from "../paths";

export interface ArticlesPageProps {
  state: PageState;
  feed: Feed;
  origin: string;
  articles: readonly ArticleListing[];
  query: string;
  /** The next (older) page, if any, and whether it continues a search past what this page examined. */
  older: { cursor: string; searchedBack: number | null } | null;
  isFirstPage: boolean;
  canWrite: boolean;
  nowMs: number;
  notice: string | null;
}

/** A feed's articles, newest first, scheduled and deleted ones marked; search by title. */
export function ArticlesPage(props: ArticlesPageProps) {
  const { feed } = props;
  const base = consolePaths.articles(feed.slug);
  const queryPart = props.query ? `q=${encodeURIComponent(props.query)}&` : "";
  return (
    <Layout state={props.state} title={feed.title} notice={props.notice}>
      <div class="page-head">
        <h1>{feed.title}</h1>
        {props.canWrite ? (
          <a class="button" href={consolePaths.newArticle(feed.slug)}>
            New article
          </a>
        ) : null}
      </div>
      <FeedNav state={props.state} feed={feed} />
      <FeedAddresses slug={feed.slug} origin={props.origin} />
      <search>
        <form class="search" method="get" action={base}>
          <Field
            name="q"
            label="Search titles"
            control="text"
            value={props.query}
            errors={NO_ERRORS}
            markOptional={false}
            hint="Finds titles that contain the text (letters A-Z in any case)."
          />
          <button type="submit" class="secondary">
            Search
          </button>
          {props.query ? <a href={base}>Clear</a> : null}
        </form>
      </search>
      {props.articles.length === 0 ? (
        <p>{props.query ? "No title here contains that text." : "No articles yet."}</p>
      ) : (
        <ArticleTable {...props} />
      )}
      <nav class="pager" aria-label="Pages">
        {props.isFirstPage ? null : (
          <a href={props.query ? `${base}?q=${encodeURIComponent(props.query)}` : base}>Newest</a>
        )}
        {props.older ? (
          <a href={`${base}?${queryPart}cursor=${props.older.cursor}`}>
            {props.older.searchedBack === null ? "Older articles" : "Search older articles"}
          </a>
        ) : null}
      </nav>
      {props.older?.searchedBack ? (
        <p class="muted">
          This page searched the {props.older.searchedBack} articles before it; search older ones for more.
        </p>
      ) : null}
    </Layout>
  );
}

function FeedAddresses(props: { slug: string; origin: string }) {
  const paths = feedPaths(props.slug);
  const formats = [
    ["RSS", paths.rss],
    ["Atom", paths.atom],
    ["JSON Feed", paths.json],
  ] as const;
  return (
    <dl class="feed-urls">
      {formats.map(([label, path]) => (
        <div>
          <dt>{label}</dt>
          <dd>
            <a href={props.origin + path}>{props.origin + path}</a>
          </dd>
          <dd>
            <CopyButton text={props.origin + path} label={`the ${label} address`} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ArticleTable(props: ArticlesPageProps) {
  return (
    <table class="cards">
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Status</th>
          <th scope="col">Publication</th>
          <th scope="col">Updated</th>
          {props.canWrite ? <th scope="col">Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.articles.map((article) => {
          const live = article.deletedAt === null;
          return (
            <tr class={live ? undefined : "deleted"}>
              <td>
                {live ? (
                  <a class="title" href={consolePaths.article(props.feed.slug, article.id)}>
                    {article.title}
                  </a>
                ) : (
                  <span class="title">{article.title}</span>
                )}
              </td>
              <td data-label="Status">
                <StatusBadge
                  datePublished={article.datePublished}
                  deletedAt={article.deletedAt}
                  nowMs={props.nowMs}
                />
              </td>
              <td data-label="Publication">
                <time datetime={isoTime(article.datePublished)}>{formatUtc(article.datePublished)}</time>
              </td>
              <td data-label="Updated">
                <time datetime={isoTime(article.updatedAt)}>{formatUtc(article.updatedAt)}</time>
              </td>
              {props.canWrite ? (
                <td data-label="Actions">
                  {live ? (
                    <span class="actions">
                      <a
                        href={consolePaths.article(props.feed.slug, article.id)}
                        aria-label={`Edit ${article.title}`}
                      >
                        Edit
                      </a>
                      <a
                        href={consolePaths.deleteArticle(props.feed.slug, article.id)}
                        aria-label={`Delete ${article.title}`}
                      >
                        Delete
                      </a>
                    </span>
                  ) : null}
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
