import type { Article, Author } from "../../domain/article";
import { toArticleInputShape } from "../../domain/article-view";
import { formatAuthorLine, parseAuthorLines } from "./author-line";
import { fromUtcInput, toUtcInput } from "./utc-input";

/** The members of an article the form edits, in the order it shows them; the rest are kept as they are. */
export const ARTICLE_FORM_FIELDS = [
  "title",
  "summary",
  "content_html",
  "tags",
  "authors",
  "url",
  "external_url",
  "image",
  "date_published",
] as const;
export type ArticleFormField = (typeof ARTICLE_FORM_FIELDS)[number];
export type ArticleFormValues = Record<ArticleFormField, string>;

export const ARTICLE_FIELD_LABELS: Readonly<Record<ArticleFormField, string>> = {
  title: "Title",
  summary: "Summary",
  content_html: "Content (HTML)",
  tags: "Tags",
  authors: "Authors",
  url: "Link",
  external_url: "External link",
  image: "Image",
  date_published: "Publication time (UTC)",
};

export const EMPTY_ARTICLE_VALUES: ArticleFormValues = Object.fromEntries(
  ARTICLE_FORM_FIELDS.map((field) => [field, ""]),
) as ArticleFormValues;

export function articleValuesFromForm(form: URLSearchParams): ArticleFormValues {
  return Object.fromEntries(
    ARTICLE_FORM_FIELDS.map((field) => [field, form.get(field) ?? ""]),
  ) as ArticleFormValues;
}

/** The form's fields filled from a stored article (an edit starts from what is stored, sanitised). */
export function articleValuesFromArticle(article: Article): ArticleFormValues {
  return {
    title: article.title,
    summary: article.summary ?? "",
    content_html: article.contentHtml ?? "",
    tags: article.tags.join(", "),
    authors: article.authors.map(formatAuthorLine).join("\n"),
    url: article.url ?? "",
    external_url: article.externalUrl ?? "",
    image: article.image ?? "",
    date_published: toUtcInput(article.datePublished),
  };
}

function textOrNull(value: string): string | null {
  return value.trim() === "" ? null : value;
}

/**
 * The API body (an ArticleInput before validation) the form stands for. An edit starts from the stored article, so
 * what the form does not show (attachments, episode details, language…) is kept, and an author's avatar stays
 * with the author; `date_modified` is left out, so the edit is stamped with its time as an API edit is.
 */
export function articleBodyFromValues(
  values: ArticleFormValues,
  current: Article | null,
): Record<string, unknown> {
  const kept = current ? toArticleInputShape(current) : {};
  delete kept.date_modified;
  const tags = values.tags
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
  const authors = parseAuthorLines(values.authors).map((author) =>
    withAvatar(author, current?.authors ?? []),
  );
  return {
    ...kept,
    title: values.title,
    summary: textOrNull(values.summary),
    content_html: textOrNull(values.content_html),
    tags: tags.length > 0 ? tags : null,
    authors: authors.length > 0 ? authors : null,
    url: textOrNull(values.url.trim()),
    external_url: textOrNull(values.external_url.trim()),
    image: textOrNull(values.image.trim()),
    date_published: values.date_published.trim() === "" ? null : fromUtcInput(values.date_published.trim()),
  };
}

/** An author the line names keeps the avatar the stored author with the same name, email or URL had. */
function withAvatar(author: Record<string, string>, previous: readonly Author[]): Record<string, string> {
  const same = previous.find(
    (p) =>
      (author.name !== undefined && p.name === author.name) ||
      (author.email !== undefined && p.email === author.email) ||
      (author.url !== undefined && p.url === author.url),
  );
  return same?.avatar ? { ...author, avatar: same.avatar } : author;
}
