import * as v from "valibot";
import { authorKey, tagKey } from "./article-terms";
import { decodeCursor, encodeCursor } from "./cursor";
import { ARTICLE_EVENT_TYPES, type ArticleEventType } from "./events";
import { ListQuery } from "./paging";
import { FerryError } from "./problems";

/** Events per page of a feed's event stream when `limit` is not given. */
export const DEFAULT_EVENT_PAGE_SIZE = 50;
/** Most values one `tags` or `authors` filter lists. */
export const MAX_FILTER_VALUES = 20;
/** Longest `tags` or `authors` value accepted, in characters: room for a long author URL or many tags. */
export const MAX_FILTER_CHARS = 4096;

/** A comma-separated list, blanks around and between commas ignored. */
function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function isArticleEventType(value: string): value is ArticleEventType {
  return (ARTICLE_EVENT_TYPES as readonly string[]).includes(value);
}

const TypeList = v.pipe(
  v.string(),
  v.maxLength(200, "Must be at most 200 characters."),
  v.transform(splitList),
  v.check(
    (types) => types.length > 0 && types.every(isArticleEventType),
    `Must be a comma-separated list of ${ARTICLE_EVENT_TYPES.join(", ")}.`,
  ),
);

const TermList = v.pipe(
  v.string(),
  v.maxLength(MAX_FILTER_CHARS, `Must be at most ${MAX_FILTER_CHARS} characters.`),
  v.transform(splitList),
  v.check(
    (terms) => terms.length > 0 && terms.length <= MAX_FILTER_VALUES,
    `Must be a comma-separated list of 1 to ${MAX_FILTER_VALUES} values.`,
  ),
);

const CursorText = v.pipe(v.string(), v.maxLength(64, "Must be at most 64 characters."));

/** The filters both event routes take: `types`, `tags`, `authors` (comma lists) and `limit`. */
const SelectionEntries = {
  limit: ListQuery.entries.limit,
  types: v.optional(TypeList),
  tags: v.optional(TermList),
  authors: v.optional(TermList),
};

/** `GET /v1/feeds/:feed/events`: oldest first, from `after`. */
export const EventStreamQuery = v.object({ after: v.optional(CursorText), ...SelectionEntries });
export type EventStreamQuery = v.InferOutput<typeof EventStreamQuery>;

/** `GET /v1/feeds/:feed/events.atom`: newest first, from `before`. */
export const EventFeedQuery = v.object({ before: v.optional(CursorText), ...SelectionEntries });
export type EventFeedQuery = v.InferOutput<typeof EventFeedQuery>;

/**
 * Which events a page shows. Term keys are lower-cased as article writes store them, so filters match
 * case-insensitively; within a kind any value matches, and every kind given must match.
 */
export interface EventSelection {
  types: readonly ArticleEventType[];
  tags: readonly string[] | null;
  authors: readonly string[] | null;
  limit: number;
}

/** The selection a validated query asks for; lists are sorted and deduplicated so equal selections are equal. */
export function eventSelection(query: EventStreamQuery | EventFeedQuery): EventSelection {
  const distinct = <T extends string>(values: T[]): T[] => [...new Set(values)].sort();
  const authorKeys = query.authors?.map((name) => authorKey({ name }) ?? name);
  return {
    types: query.types ? distinct(query.types.filter(isArticleEventType)) : ARTICLE_EVENT_TYPES,
    tags: query.tags ? distinct(query.tags.map(tagKey)) : null,
    authors: authorKeys ? distinct(authorKeys) : null,
    limit: query.limit ?? DEFAULT_EVENT_PAGE_SIZE,
  };
}

/**
 * The query parameters that say which events a selection shows, in one canonical order and spelling: equal
 * selections give equal URLs and the same Atom feed id.
 */
export function filterParameters(selection: EventSelection): [string, string][] {
  const parameters: [string, string][] = [];
  if (selection.types.length < ARTICLE_EVENT_TYPES.length)
    parameters.push(["types", selection.types.join(",")]);
  if (selection.tags) parameters.push(["tags", selection.tags.join(",")]);
  if (selection.authors) parameters.push(["authors", selection.authors.join(",")]);
  return parameters;
}

/** The filter parameters and, when it is not the default, `limit`. */
export function selectionParameters(selection: EventSelection): [string, string][] {
  const limit: [string, string][] =
    selection.limit === DEFAULT_EVENT_PAGE_SIZE ? [] : [["limit", String(selection.limit)]];
  return [...filterParameters(selection), ...limit];
}

/** The opaque cursor of a position in a feed's event stream (an events row id). */
export function encodeEventCursor(rowId: number): string {
  return encodeCursor([rowId]);
}

/** The row id a cursor names, or a 400 naming `parameter` when Ferry did not issue it. */
export function decodeEventCursor(cursor: string, parameter: "after" | "before"): number {
  const decoded = decodeCursor(cursor, 1);
  if (decoded) return decoded[0] as number;
  throw new FerryError("bad_request", `\`${parameter}\` is not a cursor Ferry issued.`, {
    parameters: [
      {
        parameter,
        in: "query",
        detail:
          parameter === "after"
            ? "`after` must be the next_cursor of an earlier answer."
            : '`before` must come from a rel="next" link of an earlier page.',
      },
    ],
  });
}
