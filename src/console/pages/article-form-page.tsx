import type { Feed } from "../../domain/feed";
import type { ArticlePreview } from "../../services/article-preview";
import { ArticlePreviewSection } from "../components/article-preview";
import { CsrfField, ErrorSummary, Field } from "../components/form-field";
import { Layout } from "../components/layout";
import { StatusBadge } from "../components/status-badge";
import type { PageState } from "../console-env";
import { ARTICLE_FIELD_LABELS, type ArticleFormValues } from "../forms/article-form";
import type { FormErrors } from "../forms/form-errors";
import { consolePaths } from "../paths";

export interface ArticleFormPageProps {
  state: PageState;
  feed: Feed;
  csrfToken: string;
  values: ArticleFormValues;
  errors: FormErrors;
  preview: ArticlePreview | null;
  nowMs: number;
  notice?: string | null;
  /** A new article: the key that makes sending the form twice publish once. */
  create?: { idempotencyKey: string };
  /** An existing one: its id, status and the version the form was filled from. */
  edit?: { id: string; version: string; datePublished: number; deletedAt: number | null };
}

/** Compose or edit an article, with a preview of what the feeds will carry. */
export function ArticleFormPage(props: ArticleFormPageProps) {
  const { feed, values, errors } = props;
  const heading = props.edit ? "Edit article" : `New article in ${feed.title}`;
  const action = props.edit
    ? consolePaths.article(feed.slug, props.edit.id)
    : consolePaths.articles(feed.slug);
  const field = (name: keyof ArticleFormValues) => ({
    name,
    label: ARTICLE_FIELD_LABELS[name],
    value: values[name],
    errors,
  });
  return (
    <Layout state={props.state} title={heading} notice={props.notice}>
      <p>
        <a href={consolePaths.articles(feed.slug)}>← {feed.title}</a>
      </p>
      <div class="page-head">
        <h1>{heading}</h1>
        {props.edit ? (
          <StatusBadge
            datePublished={props.edit.datePublished}
            deletedAt={props.edit.deletedAt}
            nowMs={props.nowMs}
          />
        ) : null}
      </div>
      <ErrorSummary
        errors={errors}
        labels={ARTICLE_FIELD_LABELS}
        heading={props.preview === null ? "Ferry could not save this" : "Ferry could not preview this"}
      />
      {props.preview ? (
        <ArticlePreviewSection preview={props.preview} nonce={props.state.nonce} nowMs={props.nowMs} />
      ) : null}
      <form class="stack" method="post" action={action}>
        <CsrfField token={props.csrfToken} />
        {props.create ? (
          <input type="hidden" name="idempotency_key" value={props.create.idempotencyKey} />
        ) : null}
        {props.edit ? <input type="hidden" name="version" value={props.edit.version} /> : null}
        <Field {...field("title")} control="text" required />
        <Field
          {...field("summary")}
          control="textarea"
          hint="Plain text; feed readers show it as the teaser."
        />
        <Field
          {...field("content_html")}
          control="code"
          hint="HTML. Ferry keeps only safe markup: scripts, styles and event handlers are removed. Preview shows the result."
        />
        <Field {...field("tags")} control="text" hint="Separated by commas, e.g. film, china." />
        <Field
          {...field("authors")}
          control="textarea"
          hint="One per line: Name <email> https://url, any part optional."
        />
        <Field
          {...field("url")}
          control="url"
          hint="The article's own page; relative links in the content resolve against it."
        />
        <Field {...field("external_url")} control="url" hint="A page the article is about, elsewhere." />
        <Field {...field("image")} control="url" hint="The article's main image, http(s)." />
        <Field
          {...field("date_published")}
          control="datetime-local"
          hint={
            props.edit
              ? "In UTC. A future time schedules the article; empty keeps the current time."
              : "In UTC. Empty publishes now; a future time schedules the article until then."
          }
        />
        <div class="actions">
          <button type="submit" name="intent" value="preview" class="secondary">
            Preview
          </button>
          <button type="submit" name="intent" value="save">
            {props.edit ? "Save changes" : "Publish"}
          </button>
          {props.edit ? (
            <a class="button danger" href={consolePaths.deleteArticle(feed.slug, props.edit.id)}>
              Delete…
            </a>
          ) : null}
        </div>
      </form>
    </Layout>
  );
}
