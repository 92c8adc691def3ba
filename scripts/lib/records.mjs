// SQL for the records an operator creates by hand: feeds and API tokens.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { sqlValue } from "./d1.mjs";

export function newApiToken() {
  return `fry_${randomBytes(32).toString("base64url")}`;
}

export function hashApiToken(token) {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates the feed unless one with this slug exists (safe to run again). */
export function insertFeedSql({ slug, title, description = null, homePageUrl = null, language = null }) {
  const now = Date.now();
  return `INSERT OR IGNORE INTO feeds (public_id, slug, title, description, home_page_url, language,
    item_limit, content_changed_at, created_at, updated_at)
    VALUES (${[randomUUID(), slug, title, description, homePageUrl, language, 20, now, now, now].map(sqlValue).join(", ")});`;
}

/** A token row plus its feed scope; `feeds` empty means every feed. */
export function insertTokenSql({ token, label, role, feeds = [], expiresAt = null }) {
  const publicId = randomUUID();
  const allFeeds = feeds.length === 0 ? 1 : 0;
  const values = [publicId, hashApiToken(token), label, role, allFeeds, Date.now(), expiresAt].map(sqlValue);
  const grants = feeds.map(
    (slug) => `INSERT OR IGNORE INTO api_token_feeds (token_id, feed_id)
      SELECT t.id, f.id FROM api_tokens t, feeds f WHERE t.public_id = ${sqlValue(publicId)} AND f.slug = ${sqlValue(slug)};`,
  );
  return [
    `INSERT INTO api_tokens (public_id, token_hash, label, role, all_feeds, created_at, expires_at)
     VALUES (${values.join(", ")});`,
    ...grants,
  ].join("\n");
}
