import type { Article } from "../../domain/article";
import type { Feed } from "../../domain/feed";
import type { ArticlePreview } from "../../services/article-preview";
import { ArticlePreviewSection } from "../components/article-preview";
import { Layout } from "../components/layout";
import { StatusBadge } from "../components/status-badge";
import type { PageState } from "../console-env";
import { consolePaths } from "../paths";

/** An article for a token that may only read: what the feeds carry, no form. */
export function ArticleViewPage(props: {
  state: PageState;
  feed: Feed;
  article: Article;
  preview: ArticlePreview;
  nowMs: number;
}) {
  const { feed, article } = props;
  return (
    <Layout state={props.state} title={article.title}>
      <p>
        <a href={consolePaths.articles(feed.slug)}>← {feed.title}</a>
      </p>
      <div class="page-head">
        <h1>{article.title}</h1>
        <StatusBadge
          datePublished={article.datePublished}
          deletedAt={article.deletedAt}
          nowMs={props.nowMs}
        />
      </div>
      <p class="muted">This token may read this feed but not change it.</p>
      {article.tags.length > 0 ? <p>Tags: {article.tags.join(", ")}</p> : null}
      <ArticlePreviewSection preview={props.preview} nonce={props.state.nonce} nowMs={props.nowMs} saved />
    </Layout>
  );
}
