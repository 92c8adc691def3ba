import * as v from "valibot";
import { tagKey } from "./article-terms";
import { cleanSingleLine } from "./clean-text";

/**
 * Which articles a webhook endpoint hears of: an article event goes to it when the article has any of
 * `tags` (if given) and any of `authors` (if given). Values are kept as the keys articles are indexed by
 * (see article-terms.ts), so matching is case-insensitive; null = no condition on that term.
 */
export interface WebhookFilter {
  tags: string[] | null;
  authors: string[] | null;
}

export const MAX_FILTER_VALUES = 50;
export const MAX_FILTER_VALUE_LENGTH = 200;

/**
 * One filter value, cleaned as article tags and author names are (collapsed whitespace, trimmed), then
 * lower-cased as tagKey and authorKey key them, so `Film` matches an article tagged `film`.
 */
const FilterValue = v.pipe(
  v.string(),
  v.transform(cleanSingleLine),
  v.minLength(1, "Must not be empty."),
  v.maxLength(MAX_FILTER_VALUE_LENGTH, `Must be at most ${MAX_FILTER_VALUE_LENGTH} characters.`),
  v.transform(tagKey),
);

const FilterValues = (what: string, description: string) =>
  v.pipe(
    v.array(FilterValue),
    v.minLength(1, `List at least one ${what}, or leave the list out.`),
    v.maxLength(MAX_FILTER_VALUES, `At most ${MAX_FILTER_VALUES} values.`),
    v.transform((values) => [...new Set(values)]),
    v.description(description),
  );

const FilterMembers = {
  tags: v.nullish(FilterValues("tag", "Articles with any of these tags (case-insensitive).")),
  authors: v.nullish(
    FilterValues(
      "author",
      "Articles by any of these authors, each named as articles key authors: name, else email, else URL (case-insensitive).",
    ),
  ),
};

const FILTER_DESCRIPTION =
  "Only article events whose article has any of `tags` and (when both are given) any of `authors`. Null: every article.";

/** `filter` of a new endpoint: unknown members are refused, so a misspelt `tag` cannot widen the filter. */
export const WebhookFilterInput = v.pipe(
  v.strictObject(FilterMembers),
  v.check(
    (filter) => Boolean(filter.tags || filter.authors),
    "Give tags, authors or both; leave filter out (or null) for every article.",
  ),
  v.description(FILTER_DESCRIPTION),
);

/** `filter` of a PATCH, merged into the current one (RFC 7396): a member that is null is removed. */
export const WebhookFilterPatch = v.pipe(v.strictObject(FilterMembers), v.description(FILTER_DESCRIPTION));

/** The filter a new endpoint starts with. */
export function filterFromInput(input: v.InferOutput<typeof WebhookFilterInput> | null | undefined) {
  return input ? toFilter(input.tags ?? null, input.authors ?? null) : null;
}

/**
 * The filter after a PATCH: `raw` is the body's own `filter` member, which tells an absent list (kept) from
 * a null one (removed); `patch` is the same member validated. A filter left with no list is no filter.
 */
export function patchFilter(
  current: WebhookFilter | null,
  patch: v.InferOutput<typeof WebhookFilterPatch> | null | undefined,
  raw: unknown,
): WebhookFilter | null {
  if (!patch || typeof raw !== "object" || raw === null) return null;
  const given = (member: keyof WebhookFilter) => Object.hasOwn(raw, member);
  return toFilter(
    given("tags") ? (patch.tags ?? null) : (current?.tags ?? null),
    given("authors") ? (patch.authors ?? null) : (current?.authors ?? null),
  );
}

function toFilter(tags: string[] | null, authors: string[] | null): WebhookFilter | null {
  return tags === null && authors === null ? null : { tags, authors };
}

/** What the API shows. */
export const WebhookFilterOutput = v.nullable(
  v.object({
    tags: v.nullable(v.array(v.string())),
    authors: v.nullable(v.array(v.string())),
  }),
);
