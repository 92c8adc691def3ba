/**
 * Baseline: the feed Worker a user of this stack would otherwise write. Hono routes the request, D1 gives the
 * feed and its newest page, and the `feed` package renders RSS 2.0, on every request: no validators, no memo,
 * no cache. It reads Ferry's own bench database, so both serve the same articles from the same D1.
 */
import { Feed } from "feed";
import { Hono } from "hono";

/** The part of D1 used here; bench/ is type-checked as Node code, without the Workers types. */
interface Database {
  prepare(sql: string): {
    bind(...values: unknown[]): {
      first<Row>(): Promise<Row | null>;
      all<Row>(): Promise<{ results: Row[] }>;
    };
  };
}

interface FeedRow {
  id: number;
  title: string;
  description: string | null;
  home_page_url: string | null;
  language: string | null;
  item_limit: number;
  content_changed_at: number;
}

interface ArticleRow {
  public_id: string;
  title: string;
  summary: string | null;
  content_html: string | null;
  url: string | null;
  authors_json: string;
  tags_json: string;
  date_published: number;
  date_modified: number | null;
}

const app = new Hono<{ Bindings: { DB: Database } }>();

app.get("/feeds/:slug/rss.xml", async (c) => {
  const slug = c.req.param("slug");
  const feed = await c.env.DB.prepare(
    "SELECT id, title, description, home_page_url, language, item_limit, content_changed_at FROM feeds WHERE slug = ?",
  )
    .bind(slug)
    .first<FeedRow>();
  if (!feed) return c.text("no such feed", 404);
  const { results } = await c.env.DB.prepare(
    `SELECT public_id, title, summary, content_html, url, authors_json, tags_json, date_published, date_modified
     FROM articles WHERE feed_id = ? AND deleted_at IS NULL AND date_published <= ?
     ORDER BY date_published DESC, id DESC LIMIT ?`,
  )
    .bind(feed.id, Date.now(), feed.item_limit)
    .all<ArticleRow>();

  const home = `${new URL(c.req.url).origin}/feeds/${slug}/`;
  const document = new Feed({
    id: home,
    title: feed.title,
    description: feed.description ?? undefined,
    link: feed.home_page_url ?? home,
    language: feed.language ?? undefined,
    updated: new Date(feed.content_changed_at),
    feedLinks: { rss: c.req.url },
  });
  for (const row of results) {
    const authors = JSON.parse(row.authors_json) as { name?: string; url?: string }[];
    const tags = JSON.parse(row.tags_json) as string[];
    document.addItem({
      id: `urn:uuid:${row.public_id}`,
      title: row.title,
      link: row.url ?? home,
      description: row.summary ?? undefined,
      content: row.content_html ?? undefined,
      date: new Date(row.date_modified ?? row.date_published),
      published: new Date(row.date_published),
      author: authors.map((author) => ({ name: author.name, link: author.url })),
      category: tags.map((name) => ({ name })),
    });
  }
  return c.body(document.rss2(), 200, { "content-type": "application/rss+xml; charset=utf-8" });
});

export default app;
