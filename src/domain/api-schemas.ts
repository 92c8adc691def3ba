import * as v from "valibot";
import { ArticleInput } from "./article-input";
import { EPISODE_TYPES } from "./article-podcast-input";
import { SYNDICATION_FORMATS } from "./feed";
import { CONTENT_MODES, MAX_ITEM_LIMIT } from "./feed-input";
import { PODCAST_TYPES } from "./feed-podcast-input";
import { PARAMETER_LOCATIONS } from "./problems";
import { TOKEN_ROLES } from "./tokens";

/**
 * What the publisher API answers with. These schemas type the views (`toArticleView` …) and feed the OpenAPI
 * document; responses are built by the view functions, never parsed, so they cost nothing at runtime.
 */

const Url = v.pipe(v.string(), v.url(), v.description("Absolute http(s) URL."));

const Timestamp = v.pipe(
  v.string(),
  v.isoTimestamp(),
  v.description("RFC 3339 date-time in UTC, e.g. 2015-01-12T15:30:00Z."),
);

export const AuthorOutput = v.object({
  name: v.optional(v.string()),
  url: v.optional(Url),
  email: v.optional(v.pipe(v.string(), v.email())),
  avatar: v.optional(Url),
});

export const AttachmentOutput = v.object({
  url: Url,
  mime_type: v.string(),
  title: v.optional(v.string()),
  size_in_bytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  duration_in_seconds: v.optional(v.pipe(v.number(), v.minValue(0))),
});

/** An article's episode details (see EpisodeInput); members that were not set are omitted. */
export const EpisodeOutput = v.object({
  episode: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  season: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  episode_type: v.optional(v.picklist(EPISODE_TYPES)),
  explicit: v.optional(v.boolean()),
  transcripts: v.optional(
    v.array(v.object({ url: Url, mime_type: v.string(), language: v.optional(v.string()) })),
  ),
  chapters_url: v.optional(Url),
});

/** An article as the API returns it: JSON Feed 1.1 item names; absent members are omitted, never null. */
export const ArticleOutput = v.object({
  id: v.pipe(
    v.string(),
    v.uuid(),
    v.description("Stable id assigned by Ferry; the GUID in every feed unless the article has a `guid`."),
  ),
  guid: v.optional(
    v.pipe(
      v.string(),
      v.description(
        "Only on imported articles: the GUID the item had where it came from, which feeds carry instead of `id`. Never changes.",
      ),
    ),
  ),
  feed: v.pipe(v.string(), v.description("Slug of the feed the article belongs to.")),
  title: v.string(),
  summary: v.optional(v.string()),
  content_html: v.optional(v.pipe(v.string(), v.description("Sanitised HTML."))),
  content_text: v.optional(v.string()),
  url: v.optional(Url),
  external_url: v.optional(Url),
  image: v.optional(Url),
  banner_image: v.optional(Url),
  authors: v.array(AuthorOutput),
  tags: v.array(v.string()),
  language: v.optional(v.pipe(v.string(), v.description("BCP 47 language tag."))),
  attachments: v.array(AttachmentOutput),
  podcast: v.optional(
    v.pipe(
      EpisodeOutput,
      v.description("Episode details, published in the feed's podcast tags when it is one."),
    ),
  ),
  date_published: Timestamp,
  date_modified: v.optional(Timestamp),
  created_at: Timestamp,
  updated_at: Timestamp,
  deleted_at: v.optional(Timestamp),
});

export const ArticleList = v.object({
  items: v.array(ArticleOutput),
  next_cursor: v.pipe(
    v.nullable(v.string()),
    v.description("Pass as `cursor` to get the next page; null on the last page."),
  ),
});

/** A PATCH body for an article (RFC 7396 merge patch): any subset of ArticleInput, null removes a member. */
export const ArticlePatch = v.partial(ArticleInput);

/** One item of an imported document and what became of it. */
export const ImportedItem = v.object({
  index: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(0),
    v.description("Position of the item in the document, from 0."),
  ),
  guid: v.pipe(
    v.string(),
    v.description(
      "The item's GUID: its own (RSS guid, Atom id, JSON Feed id), else its link, else a urn:uuid derived from its title and date.",
    ),
  ),
  status: v.picklist(["created", "skipped", "rejected"]),
  id: v.optional(
    v.pipe(
      v.string(),
      v.uuid(),
      v.description("The article's id: the one created, or for a skipped item the one already in the feed."),
    ),
  ),
  title: v.optional(v.string()),
  detail: v.optional(v.pipe(v.string(), v.description("Why the item was skipped."))),
  errors: v.optional(
    v.pipe(
      v.array(v.object({ pointer: v.string(), detail: v.string() })),
      v.description(
        "Why the item was rejected: JSON Pointers into the item as article fields (/title, /date_published …).",
      ),
    ),
  ),
});

/** The answer to an import: counts per outcome and the items, rejected ones first when the list is cut. */
export const ImportResult = v.object({
  format: v.pipe(v.picklist(SYNDICATION_FORMATS), v.description("The format the document was read as.")),
  created: v.pipe(v.number(), v.integer(), v.minValue(0)),
  skipped: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(0),
    v.description(
      "Items whose GUID the feed already has (never updated), or that repeat an earlier item's GUID.",
    ),
  ),
  rejected: v.pipe(v.number(), v.integer(), v.minValue(0)),
  truncated: v.pipe(v.boolean(), v.description("True when `items` lists only the first 1000 outcomes.")),
  items: v.array(ImportedItem),
});

/** A podcast feed's channel settings (see PodcastSettingsInput), with the GUID Ferry derives for it. */
export const PodcastOutput = v.object({
  author: v.optional(v.string()),
  owner: v.optional(v.object({ name: v.optional(v.string()), email: v.pipe(v.string(), v.email()) })),
  image: Url,
  categories: v.pipe(
    v.array(v.string()),
    v.description('Apple Podcasts categories, e.g. "Technology" or "News/Tech News".'),
  ),
  explicit: v.boolean(),
  type: v.optional(v.picklist(PODCAST_TYPES)),
  locked: v.optional(v.boolean()),
  funding: v.optional(v.array(v.object({ url: Url, title: v.string() }))),
  complete: v.optional(v.boolean()),
  guid: v.pipe(
    v.string(),
    v.uuid(),
    v.description("The feed's podcast:guid: the Podcasting 2.0 UUIDv5 of `urls.rss` without its scheme."),
  ),
});

export const FeedOutput = v.object({
  slug: v.pipe(v.string(), v.description("URL-safe feed name; part of every feed URL, never changes.")),
  title: v.string(),
  description: v.optional(v.string()),
  home_page_url: v.optional(Url),
  language: v.optional(v.pipe(v.string(), v.description("BCP 47 language tag."))),
  author: v.optional(AuthorOutput),
  icon: v.optional(Url),
  item_limit: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(1),
    v.maxValue(MAX_ITEM_LIMIT),
    v.description("How many of the newest articles the published feeds carry."),
  ),
  content: v.pipe(
    v.picklist(CONTENT_MODES),
    v.description("`full`: items carry their body; `excerpt`: only the summary or a text excerpt."),
  ),
  podcast: v.optional(
    v.pipe(
      PodcastOutput,
      v.description("Set for a podcast feed: its Apple Podcasts and Podcasting 2.0 settings."),
    ),
  ),
  urls: v.pipe(
    v.object({ rss: Url, atom: Url, json: Url }),
    v.description("Where readers subscribe: RSS 2.0, Atom 1.0 and JSON Feed 1.1."),
  ),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const FeedList = v.object({ items: v.array(FeedOutput) });

const NullableTimestamp = v.nullable(Timestamp);

/** An API token as admins see it: never its secret, never the secret's hash. */
export const TokenOutput = v.object({
  id: v.pipe(v.string(), v.description("The token's public id; names it in the API and in logs.")),
  label: v.string(),
  role: v.picklist(TOKEN_ROLES),
  feeds: v.pipe(
    v.nullable(v.array(v.string())),
    v.description("Slugs of the feeds the token may use; null for every feed."),
  ),
  created_at: Timestamp,
  last_used_at: v.pipe(
    NullableTimestamp,
    v.description("Recorded at most once a minute; null if never used."),
  ),
  expires_at: v.pipe(NullableTimestamp, v.description("null: never expires.")),
  revoked_at: v.pipe(NullableTimestamp, v.description("null: not revoked.")),
});

/** A token as created or rotated: the only time its secret is ever shown. */
export const TokenCreated = v.object({
  ...TokenOutput.entries,
  token: v.optional(
    v.pipe(
      v.string(),
      v.description(
        "The secret (`fry_…`), shown only in this response: Ferry keeps only its SHA-256. An Idempotency-Key replay leaves it out.",
      ),
    ),
  ),
});

export const TokenList = v.object({
  items: v.array(TokenOutput),
  next_cursor: v.pipe(
    v.nullable(v.string()),
    v.description("Pass as `cursor` to get the next page; null on the last page."),
  ),
});

/** `GET /healthz` when Ferry and its database answer. */
export const Health = v.object({
  status: v.literal("ok"),
  database: v.literal("ok"),
  migration: v.pipe(v.string(), v.description("The newest migration applied to D1, e.g. 0003_webhooks.sql.")),
  database_ms: v.pipe(v.number(), v.description("How long the database check took.")),
  secrets: v.pipe(
    v.object({
      key_id: v.pipe(v.string(), v.description("Id of SECRETS_KEY, which seals every new secret.")),
      previous_key_id: v.pipe(
        v.nullable(v.string()),
        v.description("Id of SECRETS_KEY_PREVIOUS during a key rotation, else null."),
      ),
      to_reencrypt: v.pipe(
        v.number(),
        v.description(
          "Stored secrets still in clear or under the previous key; the cron re-encrypts them. At 0, the previous key may be deleted.",
        ),
      ),
    }),
    v.description("Secrets at rest."),
  ),
  time: Timestamp,
});

/** An RFC 9457 problem details body, as every error response carries. */
export const Problem = v.object({
  type: v.pipe(
    v.string(),
    v.description(
      "URI reference naming the problem type, e.g. /problems/validation_failed; it resolves to a description.",
    ),
  ),
  title: v.string(),
  status: v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599)),
  detail: v.pipe(v.string(), v.description("What went wrong with this request, in words.")),
  instance: v.pipe(v.string(), v.description("The path of the request.")),
  errors: v.optional(
    v.array(
      v.object({
        pointer: v.pipe(
          v.string(),
          v.description(
            'RFC 6901 JSON Pointer into the body, e.g. /tags/3; "" when the body as a whole is wrong (not a JSON object).',
          ),
        ),
        detail: v.pipe(v.string(), v.description("What is wrong and what the member must be, naming it.")),
      }),
    ),
  ),
  parameters: v.optional(
    v.array(
      v.object({
        parameter: v.pipe(v.string(), v.description("The parameter's name, e.g. id or limit.")),
        in: v.picklist(PARAMETER_LOCATIONS),
        detail: v.string(),
      }),
    ),
  ),
});

export type AuthorOutput = v.InferOutput<typeof AuthorOutput>;
export type AttachmentOutput = v.InferOutput<typeof AttachmentOutput>;
export type EpisodeOutput = v.InferOutput<typeof EpisodeOutput>;
export type ArticleOutput = v.InferOutput<typeof ArticleOutput>;
export type ArticleList = v.InferOutput<typeof ArticleList>;
export type FeedOutput = v.InferOutput<typeof FeedOutput>;
export type PodcastOutput = v.InferOutput<typeof PodcastOutput>;
export type ImportedItem = v.InferOutput<typeof ImportedItem>;
export type ImportResult = v.InferOutput<typeof ImportResult>;
export type FeedList = v.InferOutput<typeof FeedList>;
export type Problem = v.InferOutput<typeof Problem>;
export type TokenOutput = v.InferOutput<typeof TokenOutput>;
export type TokenCreated = v.InferOutput<typeof TokenCreated>;
export type TokenList = v.InferOutput<typeof TokenList>;
export type Health = v.InferOutput<typeof Health>;
