import type { Article } from "../../domain/article";
import type { Feed } from "../../domain/feed";
import { CsrfField } from "../components/form-field";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import { formatUtc } from "../format";
import { consolePaths } from "../paths";

/** Deleting asks first: what goes, and what subscribers will be told. */
export function DeleteArticlePage(props: {
  state: PageState;
  feed: Feed;
  article: Article;
  csrfToken: string;
}) {
  const { feed, article } = props;
  return (
    <Layout state={props.state} title={`Delete ${article.title}`}>
      <p>
        <a href={consolePaths.article(feed.slug, article.id)}>← Back to the article</a>
      </p>
      <h1>Delete this article?</h1>
      <div class="card">
        <p>
          <strong>{article.title}</strong>
          <br />
          <span class="muted">
            Published {formatUtc(article.datePublished)} in {feed.title}
          </span>
        </p>
        <p>
          It leaves the feeds at once and webhook subscribers are sent <code>article.deleted</code>. Its id
          stays reserved: the article cannot be restored, and a new one gets a new id.
        </p>
        <form method="post" action={consolePaths.deleteArticle(feed.slug, article.id)} class="actions">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="danger">
            Delete the article
          </button>
          <a href={consolePaths.article(feed.slug, article.id)}>Cancel</a>
        </form>
      </div>
    </Layout>
  );
}
