import type { Article } from "../domain/article";
import { articleTermKeys } from "../domain/article-terms";

/**
 * Rewrites an article's tag and author rows. Runs in the same batch as the article write, after it,
 * so the article's row id is found by its public id.
 */
export function replaceArticleTermsStatements(
  db: D1Database,
  feedRowId: number,
  article: Article,
): D1PreparedStatement[] {
  const clear = db
    .prepare("DELETE FROM article_terms WHERE article_id = (SELECT id FROM articles WHERE public_id = ?)")
    .bind(article.id);
  if (article.deletedAt !== null) return [clear];
  const keys = articleTermKeys(article);
  const insert = (kind: "tag" | "author", values: string[]) =>
    db
      .prepare(
        `INSERT OR IGNORE INTO article_terms (feed_id, kind, term_key, date_published, article_id)
         SELECT ?, ?, j.value, ?, a.id FROM articles a, json_each(?) j WHERE a.public_id = ?`,
      )
      .bind(feedRowId, kind, article.datePublished, JSON.stringify(values), article.id);
  return [
    clear,
    ...(keys.tags.length ? [insert("tag", keys.tags)] : []),
    ...(keys.authors.length ? [insert("author", keys.authors)] : []),
  ];
}
