import { env } from "cloudflare:test";
import { insertFeedStatement } from "../../src/db/feeds";
import { grantFeedStatement, insertTokenStatement } from "../../src/db/tokens";
import { buildFeed } from "../../src/domain/feed-build";
import { generateApiToken, hashApiToken, type TokenRole } from "../../src/domain/tokens";
import sample from "../fixtures/article.json";

export const ORIGIN = "https://ferry.test";
export const SAMPLE_ARTICLE = sample;

let counter = 0;
/** A fresh, unique feed slug so tests never see each other's data. */
export function uniqueSlug(prefix = "feed"): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export async function createFeed(slug = uniqueSlug(), fields: { itemLimit?: number } = {}): Promise<string> {
  const feed = buildFeed({ slug, title: `Feed ${slug}`, item_limit: fields.itemLimit ?? null }, Date.now());
  await insertFeedStatement(env.DB, feed).run();
  return slug;
}

/** Creates a token directly in D1 and returns the secret. No feeds = every feed. */
export async function createToken(options: { role?: TokenRole; feeds?: string[]; expiresAt?: number } = {}) {
  const token = generateApiToken();
  const publicId = crypto.randomUUID();
  const feeds = options.feeds ?? [];
  await env.DB.batch([
    insertTokenStatement(env.DB, {
      publicId,
      tokenHash: await hashApiToken(token),
      label: "test",
      role: options.role ?? "write",
      allFeeds: feeds.length === 0,
      createdAt: Date.now(),
      expiresAt: options.expiresAt ?? null,
    }),
    ...feeds.map((slug) => grantFeedStatement(env.DB, publicId, slug)),
  ]);
  return token;
}

/** A feed plus a write token scoped to it. */
export async function feedWithToken(role: TokenRole = "write") {
  const slug = await createFeed();
  const token = await createToken({ role, feeds: [slug] });
  return { slug, token };
}
