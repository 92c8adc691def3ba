import { Hono } from "hono";
import type { ArticleRecord } from "../../db/articles";
import { ArticleInput } from "../../domain/article-input";
import type { Feed } from "../../domain/feed";
import { FerryError } from "../../domain/problems";
import { MAX_BODY_BYTES } from "../../domain/request-limits";
import { roleAllows } from "../../domain/tokens";
import { announceAfterCommit } from "../../http/announce";
import { ArticleId, caseless } from "../../http/article-params";
import { authorizeFeed } from "../../http/auth";
import { commitIdempotently, commitWrite } from "../../http/idempotency";
import { parseOrThrow, parsePathParameter } from "../../http/validate";
import { loadArticle } from "../../services/article-lookup";
import { type ArticlePreview, carriedBy, previewArticle } from "../../services/article-preview";
import {
  prepareCreateArticle,
  prepareDeleteArticle,
  prepareUpdateArticle,
} from "../../services/article-writes";
import { type ConsoleContext, type ConsoleHono, csrfToken, pageState, postedForm } from "../console-env";
import {
  ARTICLE_FORM_FIELDS,
  type ArticleFormValues,
  articleBodyFromValues,
  articleValuesFromArticle,
  articleValuesFromForm,
  EMPTY_ARTICLE_VALUES,
} from "../forms/article-form";
import { type FormErrors, formErrorsFrom, isFormProblem, NO_ERRORS } from "../forms/form-errors";
import { formIdempotencyKey, newFormIdempotencyKey } from "../forms/idempotency-key";
import { noticeText } from "../notices";
import { ArticleFormPage } from "../pages/article-form-page";
import { ArticleViewPage } from "../pages/article-view-page";
import { DeleteArticlePage } from "../pages/delete-article-page";
import { consolePaths, withNotice } from "../paths";
import { articleListPage } from "./article-list";

/** A feed's articles: the list, composing, editing with a preview, deleting. Every write is the API's. */
export const articleRoutes = new Hono<ConsoleHono>();

const slugOf = (c: ConsoleContext) => c.req.param("feed") ?? "";
const idOf = (c: ConsoleContext) => parsePathParameter("id", caseless(ArticleId), c.req.param("id") ?? "");

articleRoutes.get("/feeds/:feed/articles", async (c) =>
  articleListPage(c, await authorizeFeed(c, slugOf(c), "read")),
);

interface FormView {
  values: ArticleFormValues;
  errors: FormErrors;
  preview: ArticlePreview | null;
}

function composePage(c: ConsoleContext, feed: Feed, view: FormView, idempotencyKey: string) {
  return c.html(
    <ArticleFormPage
      state={pageState(c)}
      feed={feed}
      csrfToken={csrfToken(c)}
      nowMs={Date.now()}
      create={{ idempotencyKey }}
      {...view}
    />,
    view.errors.status,
  );
}

function editPage(
  c: ConsoleContext,
  feed: Feed,
  record: ArticleRecord,
  view: FormView,
  version = String(record.article.updatedAt),
) {
  const { article } = record;
  return c.html(
    <ArticleFormPage
      state={pageState(c)}
      feed={feed}
      csrfToken={csrfToken(c)}
      nowMs={Date.now()}
      notice={noticeText(c.req.query("notice"))}
      edit={{ id: article.id, version, datePublished: article.datePublished, deletedAt: article.deletedAt }}
      {...view}
    />,
    view.errors.status,
  );
}

/** The article the form stands for, validated as the API validates a body of the same JSON. */
function readArticleForm(values: ArticleFormValues, current: ArticleRecord | null) {
  const body = articleBodyFromValues(values, current?.article ?? null);
  const text = JSON.stringify(body);
  if (new TextEncoder().encode(text).byteLength > MAX_BODY_BYTES) {
    throw new FerryError(
      "payload_too_large",
      `The article is larger than the ${MAX_BODY_BYTES} bytes the API takes.`,
    );
  }
  return { input: parseOrThrow(ArticleInput, body), text };
}

const isPreview = (form: URLSearchParams) => form.get("intent") === "preview";
const toErrors = (error: FerryError) => formErrorsFrom(error, ARTICLE_FORM_FIELDS);

articleRoutes.get("/feeds/:feed/articles/new", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  return composePage(
    c,
    feed,
    { values: EMPTY_ARTICLE_VALUES, errors: NO_ERRORS, preview: null },
    newFormIdempotencyKey(),
  );
});

articleRoutes.post("/feeds/:feed/articles", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const form = postedForm(c);
  const values = articleValuesFromForm(form);
  const key = formIdempotencyKey(form) ?? newFormIdempotencyKey();
  try {
    const { input, text } = readArticleForm(values, null);
    if (isPreview(form)) {
      return composePage(
        c,
        feed,
        { values, errors: NO_ERRORS, preview: previewArticle(feed, input, null, Date.now()) },
        key,
      );
    }
    // The API's create, to the letter: the same key, fingerprint, write plan, outbox event and fan-out.
    const request = {
      tokenRowId: c.get("grant").tokenRowId,
      key,
      method: "POST",
      path: `/v1/feeds/${feed.slug}/articles`,
      body: text,
    };
    const response = await commitIdempotently(
      c.env.DB,
      request,
      async () => prepareCreateArticle(c.env.DB, feed, input, Date.now()),
      announceAfterCommit(c),
    );
    const created = (await response.json()) as { id: string; date_published: string };
    const notice = Date.parse(created.date_published) > Date.now() ? "scheduled" : "published";
    return c.redirect(withNotice(consolePaths.article(feed.slug, created.id), notice), 303);
  } catch (error) {
    if (!isFormProblem(error)) throw error;
    return composePage(c, feed, { values, errors: toErrors(error), preview: null }, key);
  }
});

articleRoutes.get("/feeds/:feed/articles/:id", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "read");
  const record = await loadArticle(c.env.DB, feed, idOf(c), { allowDeleted: false });
  if (!roleAllows(c.get("grant").role, "write")) {
    const preview = carriedBy(feed, record.article);
    return c.html(
      <ArticleViewPage
        state={pageState(c)}
        feed={feed}
        article={record.article}
        preview={preview}
        nowMs={Date.now()}
      />,
    );
  }
  return editPage(c, feed, record, {
    values: articleValuesFromArticle(record.article),
    errors: NO_ERRORS,
    preview: null,
  });
});

articleRoutes.post("/feeds/:feed/articles/:id", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const record = await loadArticle(c.env.DB, feed, idOf(c), { allowDeleted: false });
  const form = postedForm(c);
  const values = articleValuesFromForm(form);
  try {
    const { input } = readArticleForm(values, record);
    if (isPreview(form)) {
      const preview = previewArticle(feed, input, record.article, Date.now());
      return editPage(c, feed, record, { values, errors: NO_ERRORS, preview }, form.get("version") ?? "");
    }
    // What If-Match does for the API: an edit made from an older version is refused, never silently applied.
    if (form.get("version") !== String(record.article.updatedAt)) {
      throw new FerryError(
        "precondition_failed",
        "Someone changed this article since you opened it. Your text is below: saving again replaces their changes with it; reload the article to see theirs.",
      );
    }
    const notice =
      (input.date_published ?? record.article.datePublished) > Date.now() ? "scheduled" : "saved";
    await commitWrite(
      c.env.DB,
      prepareUpdateArticle(c.env.DB, feed, record, input, Date.now()),
      announceAfterCommit(c),
    );
    return c.redirect(withNotice(consolePaths.article(feed.slug, record.article.id), notice), 303);
  } catch (error) {
    if (!isFormProblem(error)) throw error;
    // After a conflict the form carries the current version, so saving again is a deliberate overwrite.
    return editPage(c, feed, record, { values, errors: toErrors(error), preview: null });
  }
});

articleRoutes.get("/feeds/:feed/articles/:id/delete", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const record = await loadArticle(c.env.DB, feed, idOf(c), { allowDeleted: false });
  return c.html(
    <DeleteArticlePage state={pageState(c)} feed={feed} article={record.article} csrfToken={csrfToken(c)} />,
  );
});

articleRoutes.post("/feeds/:feed/articles/:id/delete", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const record = await loadArticle(c.env.DB, feed, idOf(c), { allowDeleted: true });
  // Deleting again is a no-op, as for the API.
  if (record.article.deletedAt === null) {
    await commitWrite(
      c.env.DB,
      prepareDeleteArticle(c.env.DB, feed, record, Date.now()),
      announceAfterCommit(c),
    );
  }
  return c.redirect(withNotice(consolePaths.articles(feed.slug), "deleted"), 303);
});
