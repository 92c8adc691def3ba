import { listArticlesForApi } from "../db/articles";
import { ArticleInput } from "../domain/article-input";
import { toArticleInputShape, toArticleView } from "../domain/article-view";
import { applyMergePatch } from "../domain/merge-patch";
import { ListQuery, pageRequest, readPage, rowIdCursor } from "../domain/paging";
import { loadArticle } from "../services/article-lookup";
import { prepareCreateArticle, prepareDeleteArticle, prepareUpdateArticle } from "../services/article-writes";
import { announceAfterCommit } from "./announce";
import { ArticleId, articleEtag, caseless, checkIfMatch, linkNextPage } from "./article-params";
import { requireToken } from "./auth";
import { readCreateRequest } from "./create-request";
import { Resource } from "./endpoint";
import { commitIdempotently, commitWrite } from "./idempotency";
import { readJsonBody } from "./read-json";
import { parseOrThrow } from "./validate";

const ARTICLES = "/v1/feeds/{feed}/articles";
const ARTICLE = `${ARTICLES}/{id}`;
const ID = { id: caseless(ArticleId) };

/** Publisher API for one feed's articles, mounted at `/v1/feeds/:feed/articles`. */
const articles = new Resource(ARTICLES);
articles.app.use(requireToken);

articles.endpoint(
  {
    method: "post",
    path: ARTICLES,
    operationId: "createArticle",
    summary: "Publish an article in a feed",
    tag: "Articles",
    role: "write",
    body: { schema: "ArticleInput" },
    ok: {
      status: 201,
      description: "The article as stored.",
      schema: "ArticleOutput",
      headers: ["Location"],
    },
    problems: [400, 401, 403, 404, 413, 415, 422],
  },
  async (c, { feed, body }) => {
    const { input, request } = await readCreateRequest(c, body);
    return commitIdempotently(
      c.env.DB,
      request,
      async () => prepareCreateArticle(c.env.DB, feed, input, Date.now()),
      announceAfterCommit(c),
    );
  },
);

articles.endpoint(
  {
    method: "get",
    path: ARTICLES,
    operationId: "listArticles",
    summary: "List a feed's articles, newest first",
    tag: "Articles",
    role: "read",
    query: ListQuery,
    ok: { status: 200, description: "One page of articles.", schema: "ArticleList", headers: ["Link"] },
    problems: [400, 401, 403, 404],
  },
  async (c, { feed, query }) => {
    const { limit, beforeRowId } = pageRequest(query());
    const page = await readPage(
      limit,
      (rows) => listArticlesForApi(c.env.DB, feed.rowId, beforeRowId, rows),
      rowIdCursor,
    );
    linkNextPage(c, page.nextCursor);
    return c.json({ items: page.items.map((r) => toArticleView(r.article)), next_cursor: page.nextCursor });
  },
);

articles.endpoint(
  {
    method: "get",
    path: ARTICLE,
    operationId: "getArticle",
    summary: "Fetch one article",
    tag: "Articles",
    role: "read",
    params: ID,
    ok: { status: 200, description: "The article.", schema: "ArticleOutput", headers: ["ETag"] },
    problems: [400, 401, 403, 404, 410],
  },
  async (c, { feed, param }) => {
    const record = await loadArticle(c.env.DB, feed, param("id"), { allowDeleted: false });
    c.header("etag", articleEtag(record));
    return c.json(toArticleView(record.article));
  },
);

articles.endpoint(
  {
    method: "put",
    path: ARTICLE,
    operationId: "replaceArticle",
    summary: "Replace an article's content",
    tag: "Articles",
    role: "write",
    params: ID,
    body: { schema: "ArticleInput" },
    ifMatch: true,
    ok: { status: 200, description: "The article as stored.", schema: "ArticleOutput" },
    problems: [400, 401, 403, 404, 410, 412, 413, 415, 422],
  },
  async (c, { feed, param, body }) => {
    const record = await loadArticle(c.env.DB, feed, param("id"), { allowDeleted: false });
    checkIfMatch(c.req.raw, record);
    const { input } = await body();
    return commitWrite(
      c.env.DB,
      prepareUpdateArticle(c.env.DB, feed, record, input, Date.now()),
      announceAfterCommit(c),
    );
  },
);

articles.endpoint(
  {
    method: "patch",
    path: ARTICLE,
    operationId: "patchArticle",
    summary: "Change some of an article's members (JSON merge patch)",
    tag: "Articles",
    role: "write",
    params: ID,
    body: { schema: "ArticlePatch", mergePatch: true },
    ifMatch: true,
    ok: { status: 200, description: "The article as stored.", schema: "ArticleOutput" },
    problems: [400, 401, 403, 404, 410, 412, 413, 415, 422],
  },
  async (c, { feed, param }) => {
    const record = await loadArticle(c.env.DB, feed, param("id"), { allowDeleted: false });
    checkIfMatch(c.req.raw, record);
    // The patch is checked once merged: one that is not an object replaces the whole article (RFC 7396), so
    // validation refuses it as a body, and what must hold is the article it makes.
    const patch = (await readJsonBody(c.req.raw)).value;
    const input = parseOrThrow(ArticleInput, applyMergePatch(toArticleInputShape(record.article), patch));
    return commitWrite(
      c.env.DB,
      prepareUpdateArticle(c.env.DB, feed, record, input, Date.now()),
      announceAfterCommit(c),
    );
  },
);

articles.endpoint(
  {
    method: "delete",
    path: ARTICLE,
    operationId: "deleteArticle",
    summary: "Delete an article (deleting it again is a no-op)",
    tag: "Articles",
    role: "write",
    params: ID,
    ifMatch: true,
    ok: { status: 204, description: "The article is deleted." },
    problems: [400, 401, 403, 404, 412],
  },
  async (c, { feed, param }) => {
    const record = await loadArticle(c.env.DB, feed, param("id"), { allowDeleted: true });
    if (record.article.deletedAt !== null) return c.body(null, 204);
    checkIfMatch(c.req.raw, record);
    return commitWrite(
      c.env.DB,
      prepareDeleteArticle(c.env.DB, feed, record, Date.now()),
      announceAfterCommit(c),
    );
  },
);

export const articlesApi = articles.routes();
export const ARTICLE_ENDPOINTS = articles.endpoints;
