import type { Context } from "hono";
import { Hono } from "hono";
import { findArticle, listArticlesForApi } from "../db/articles";
import { ArticleInput } from "../domain/article-input";
import { toArticleInputShape, toArticleView } from "../domain/article-view";
import { encodeCursor } from "../domain/cursor";
import type { Feed } from "../domain/feed";
import { applyMergePatch } from "../domain/merge-patch";
import { prepareCreateArticle, prepareDeleteArticle, prepareUpdateArticle } from "../services/article-writes";
import { announceAfterCommit } from "./announce";
import { articleEtag, checkIfMatch, parseArticleId, parseListQuery } from "./article-params";
import { authorizeFeed, requireToken } from "./auth";
import { readCreateRequest } from "./create-request";
import type { FerryHono } from "./hono-env";
import { commitIdempotently, commitWrite } from "./idempotency";
import { methodNotAllowed } from "./method-not-allowed";
import { FerryError } from "./problem";
import { readJsonBody } from "./read-json";
import { parseOrThrow } from "./validate";

/** Publisher API for one feed's articles, mounted at `/v1/feeds/:feed/articles`. */
export const articlesApi = new Hono<FerryHono>();
articlesApi.use(requireToken);

articlesApi.post("/", async (c) => {
  const feed = await authorizeFeed(c, c.req.param("feed") as string, "write");
  const { input, request } = await readCreateRequest(c, ArticleInput);
  return commitIdempotently(
    c.env.DB,
    request,
    async () => prepareCreateArticle(c.env.DB, feed, input, Date.now()),
    announceAfterCommit(c),
  );
});

articlesApi.get("/", async (c) => {
  const feed = await authorizeFeed(c, c.req.param("feed") as string, "read");
  const { limit, beforeRowId } = parseListQuery(c.req.query());
  const records = await listArticlesForApi(c.env.DB, feed.rowId, beforeRowId, limit + 1);
  const page = records.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = records.length > limit && last ? encodeCursor([last.rowId]) : null;
  if (nextCursor) {
    const next = new URL(c.req.url);
    next.searchParams.set("cursor", nextCursor);
    c.header("link", `<${next.pathname}${next.search}>; rel="next"`);
  }
  return c.json({ items: page.map((r) => toArticleView(r.article)), next_cursor: nextCursor });
});

articlesApi.get("/:id", async (c) => {
  const { record } = await loadArticle(c, "read", { allowDeleted: false });
  c.header("etag", articleEtag(record));
  return c.json(toArticleView(record.article));
});

articlesApi.put("/:id", async (c) => {
  const { feed, record } = await loadArticle(c, "write", { allowDeleted: false });
  checkIfMatch(c.req.raw, record);
  const input = parseOrThrow(ArticleInput, (await readJsonBody(c.req.raw)).value);
  return commitWrite(
    c.env.DB,
    prepareUpdateArticle(c.env.DB, feed, record, input, Date.now()),
    announceAfterCommit(c),
  );
});

articlesApi.patch("/:id", async (c) => {
  const { feed, record } = await loadArticle(c, "write", { allowDeleted: false });
  checkIfMatch(c.req.raw, record);
  const patch = (await readJsonBody(c.req.raw)).value;
  // A patch that is not an object replaces the whole article (RFC 7396), so validation refuses it as a body.
  const merged = applyMergePatch(toArticleInputShape(record.article), patch);
  const input = parseOrThrow(ArticleInput, merged);
  return commitWrite(
    c.env.DB,
    prepareUpdateArticle(c.env.DB, feed, record, input, Date.now()),
    announceAfterCommit(c),
  );
});

articlesApi.delete("/:id", async (c) => {
  const { feed, record } = await loadArticle(c, "write", { allowDeleted: true });
  if (record.article.deletedAt !== null) return c.body(null, 204);
  checkIfMatch(c.req.raw, record);
  return commitWrite(
    c.env.DB,
    prepareDeleteArticle(c.env.DB, feed, record, Date.now()),
    announceAfterCommit(c),
  );
});

articlesApi.all("/", methodNotAllowed(["GET", "POST"]));
articlesApi.all("/:id", methodNotAllowed(["GET", "PUT", "PATCH", "DELETE"]));

async function loadArticle(
  c: Context<FerryHono>,
  role: "read" | "write",
  options: { allowDeleted: boolean },
): Promise<{ feed: Feed; record: NonNullable<Awaited<ReturnType<typeof findArticle>>> }> {
  const feed = await authorizeFeed(c, c.req.param("feed") as string, role);
  const id = parseArticleId(c.req.param("id") as string);
  const record = await findArticle(c.env.DB, feed.rowId, id);
  if (!record) throw new FerryError("not_found", `There is no article ${id} in the feed "${feed.slug}".`);
  if (record.article.deletedAt !== null && !options.allowDeleted) {
    throw new FerryError("gone", `The article ${id} was deleted.`);
  }
  return { feed, record };
}
