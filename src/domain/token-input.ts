import * as v from "valibot";
import { cleanSingleLine } from "./clean-text";
import { FeedSlug } from "./feed-input";
import { Rfc3339 } from "./rfc3339";
import { TOKEN_ROLES } from "./tokens";
import { UUID_PATTERN } from "./uuid";

export const MAX_TOKEN_LABEL_LENGTH = 200;
/** More than this is better served by a token for every feed. */
export const MAX_TOKEN_FEEDS = 100;
export const MAX_TOKEN_LIFETIME_DAYS = 3650;
const DAY_MS = 86_400_000;

/** A token's public id in a path: a UUID (the secret never appears in a URL). */
export const TokenId = v.pipe(v.string(), v.regex(UUID_PATTERN, "Must be a token id (a UUID)."));

/** What an admin sends to create a token. Leaving out both expiry members makes a token that never expires. */
export const TokenInput = v.pipe(
  v.object({
    label: v.pipe(
      v.string(),
      v.transform(cleanSingleLine),
      v.minLength(1, "Must not be empty."),
      v.maxLength(MAX_TOKEN_LABEL_LENGTH, `Must be at most ${MAX_TOKEN_LABEL_LENGTH} characters.`),
      v.description("Who or what uses the token, e.g. CMS; shown in listings, not secret."),
    ),
    role: v.pipe(
      v.picklist(TOKEN_ROLES, `Must be one of ${TOKEN_ROLES.join(", ")}.`),
      v.description(
        "read: read articles; write: also publish and subscribe webhooks; admin: also feeds and tokens.",
      ),
    ),
    feeds: v.nullish(
      v.pipe(
        v.array(FeedSlug),
        v.minLength(1, "List at least one feed, or leave feeds out for every feed."),
        v.maxLength(MAX_TOKEN_FEEDS, `Must list at most ${MAX_TOKEN_FEEDS} feeds.`),
        v.transform((slugs) => [...new Set(slugs)].sort()),
        v.description("Slugs of the feeds the token may use; leave out for every feed."),
      ),
    ),
    expires_at: v.nullish(v.pipe(Rfc3339, v.description("When the token stops working (RFC 3339)."))),
    expires_in_days: v.nullish(
      v.pipe(
        v.number(),
        v.integer("Must be a whole number of days."),
        v.minValue(1, "Must be at least 1."),
        v.maxValue(MAX_TOKEN_LIFETIME_DAYS, `Must be at most ${MAX_TOKEN_LIFETIME_DAYS}.`),
        v.description("Alternative to expires_at: the token stops working this many days from now."),
      ),
    ),
  }),
  v.forward(
    v.check(
      (input) => input.expires_at == null || input.expires_in_days == null,
      "Give expires_at or expires_in_days, not both.",
    ),
    ["expires_in_days"],
  ),
);
export type TokenInput = v.InferOutput<typeof TokenInput>;

/** When a new token expires, in epoch ms; null = never. Whether that is in the future is for the caller. */
export function resolveTokenExpiry(input: TokenInput, nowMs: number): number | null {
  if (input.expires_at != null) return input.expires_at;
  if (input.expires_in_days != null) return nowMs + input.expires_in_days * DAY_MS;
  return null;
}
