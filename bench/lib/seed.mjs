// Seeds the bench database through the D1 binding: migrations, feeds and tokens with the same SQL the
// admin script uses, articles cloned in SQL from one article published through Ferry's API (so every
// row carries content exactly as Ferry stores it), their tag and author terms, and webhook endpoints.
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { hashApiToken, insertFeedSql, insertTokenSql, newApiToken } from "../../scripts/lib/records.mjs";

const require = createRequire(import.meta.url);

/** Rows per INSERT … SELECT when cloning articles: one statement per chunk, no bound-parameter limit. */
const CLONE_CHUNK_ROWS = 25_000;
/** Seeded articles are a minute apart, the newest a minute ago. */
const ARTICLE_SPACING_MS = 60_000;
export const TOPIC_TAGS = 50;
const AUTHORS = 20;

/** Runs a file of SQL (one or more statements) as one D1 batch. */
export async function executeSql(db, sql) {
  const wrangler = await import(require.resolve("wrangler"));
  const statements = wrangler.unstable_splitSqlQuery(sql).filter((s) => s.trim() !== "");
  if (statements.length > 0) await db.batch(statements.map((s) => db.prepare(s)));
}

export async function applyMigrations(db, root) {
  const dir = join(root, "migrations");
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    await executeSql(db, readFileSync(join(dir, file), "utf8"));
  }
}

export async function createFeed(db, slug) {
  await executeSql(
    db,
    insertFeedSql({ slug, title: `Bench ${slug}`, homePageUrl: "https://bench.example/" }),
  );
  return db.prepare("SELECT id FROM feeds WHERE slug = ?").bind(slug).first("id");
}

/** An admin token for every feed; its secret and hash. */
export async function createToken(db, label) {
  const token = newApiToken();
  await executeSql(db, insertTokenSql({ token, label, role: "admin" }));
  return { token, hash: hashApiToken(token) };
}

/** The SQL for a random version 4 UUID, Ferry's article id format. */
const UUID_SQL = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
  || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;

/**
 * Copies the template article `count` times into the feed, a minute apart and all live and announced,
 * each with a unique title and URL, a topic tag (`topic-0`…`topic-49`) and one of 20 authors.
 */
export async function cloneArticles(db, { templateId, feedRowId, count, nowMs }) {
  const columns = (await db.prepare("SELECT name FROM pragma_table_info('articles')").all()).results.map(
    (r) => r.name,
  );
  const overrides = {
    public_id: UUID_SQL,
    feed_id: "?1",
    title: "s.title || ' #' || seq.i",
    url: "s.url || '?n=' || seq.i",
    tags_json: `json_insert(s.tags_json, '$[#]', 'topic-' || (seq.i % ${TOPIC_TAGS}))`,
    authors_json: `json_array(json_object('name', 'Author ' || (seq.i % ${AUTHORS})))`,
    date_published: "?2 + seq.i * ?3",
    date_modified: "NULL",
    created_at: "?2 + seq.i * ?3",
    updated_at: "?2 + seq.i * ?3",
    deleted_at: "NULL",
    announced_at: "?2 + seq.i * ?3",
  };
  const target = columns.filter((c) => c !== "id");
  const values = target.map((c) => overrides[c] ?? `s.${c}`);
  const base = nowMs - (count + 1) * ARTICLE_SPACING_MS;
  const statements = [];
  for (let first = 1; first <= count; first += CLONE_CHUNK_ROWS) {
    const last = Math.min(count, first + CLONE_CHUNK_ROWS - 1);
    statements.push(
      db
        .prepare(
          `WITH RECURSIVE seq(i) AS (SELECT CAST(?4 AS INTEGER) UNION ALL SELECT i + 1 FROM seq WHERE i < ?5)
           INSERT INTO articles (${target.join(", ")})
           SELECT ${values.join(", ")} FROM seq, articles s WHERE s.id = ?6`,
        )
        .bind(feedRowId, base, ARTICLE_SPACING_MS, first, last, templateId),
    );
  }
  for (const statement of statements) await statement.run();
}

/**
 * Fills `article_terms` for every live article of the feed, keyed as src/domain/article-terms.ts keys
 * them: distinct lower-cased tags, and each author's name, else email, else URL, lower-cased (SQLite's
 * lower() folds ASCII only, which is all the seeded terms contain).
 */
export async function indexArticleTerms(db, feedRowId) {
  const authorKey =
    "lower(coalesce(json_extract(t.value, '$.name'), json_extract(t.value, '$.email'), json_extract(t.value, '$.url')))";
  await db.batch([
    db
      .prepare(
        `INSERT OR IGNORE INTO article_terms (feed_id, kind, term_key, date_published, article_id)
         SELECT a.feed_id, 'tag', lower(t.value), a.date_published, a.id FROM articles a, json_each(a.tags_json) t
         WHERE a.feed_id = ? AND a.deleted_at IS NULL`,
      )
      .bind(feedRowId),
    db
      .prepare(
        `INSERT OR IGNORE INTO article_terms (feed_id, kind, term_key, date_published, article_id)
         SELECT a.feed_id, 'author', ${authorKey}, a.date_published, a.id FROM articles a, json_each(a.authors_json) t
         WHERE a.feed_id = ? AND a.deleted_at IS NULL AND ${authorKey} IS NOT NULL AND ${authorKey} != ''`,
      )
      .bind(feedRowId),
  ]);
}

/** A Standard Webhooks secret as Ferry makes them: `whsec_` and 32 random bytes in base64. */
function webhookSecret() {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/**
 * `count` webhook endpoints on the feed, all pointing at `url`: subscribed to every event, or, with
 * `tagsOf(i)`, each filtered to the tags it returns (stored as Ferry stores them: lower-cased keys).
 */
export async function createEndpoints(db, { feedRowId, count, url, nowMs, tagsOf = null }) {
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `ep_${randomUUID().replace(/-/g, "").slice(0, 24)}`,
    url: `${url}/hooks/${i}`,
    secret: webhookSecret(),
    tags: tagsOf ? JSON.stringify(tagsOf(i).map((tag) => tag.toLowerCase())) : null,
  }));
  await db
    .prepare(
      `INSERT INTO webhook_endpoints (public_id, feed_id, url, description, event_types_json, secret, paused,
         filter_tags_json, created_at, updated_at)
       SELECT json_extract(j.value, '$.id'), ?1, json_extract(j.value, '$.url'), NULL, NULL,
         json_extract(j.value, '$.secret'), 0, json_extract(j.value, '$.tags'), ?2, ?2
       FROM json_each(?3) j`,
    )
    .bind(feedRowId, nowMs, JSON.stringify(rows))
    .run();
  // Fan-out addresses events by the filter version in force when they were created (migration 0010).
  await db
    .prepare(
      `INSERT INTO webhook_endpoint_filters (endpoint_id, valid_from, tags_json)
       SELECT id, 0, filter_tags_json FROM webhook_endpoints WHERE feed_id = ?`,
    )
    .bind(feedRowId)
    .run();
}

/** Stamps the feeds as changed now, as the article writes that bulk loading bypassed would have. */
export async function finishSeeding(db, feedRowIds, nowMs) {
  for (const id of feedRowIds) {
    await db
      .prepare("UPDATE feeds SET content_changed_at = ?, updated_at = ? WHERE id = ?")
      .bind(nowMs, nowMs, id)
      .run();
  }
}
