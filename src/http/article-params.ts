import * as v from "valibot";
import type { ArticleRecord } from "../db/articles";
import { decodeCursor } from "../domain/cursor";
import { FerryError } from "./problem";
import { parseParametersOrThrow, parsePathParameter } from "./validate";

export const ArticleId = v.pipe(
  v.string(),
  v.regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    "Must be an article id (a UUID).",
  ),
);

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export const ListQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, `Must be a whole number from 1 to ${MAX_PAGE_SIZE}.`),
      v.transform(Number),
      v.minValue(1, "Must be at least 1."),
      v.maxValue(MAX_PAGE_SIZE, `Must be at most ${MAX_PAGE_SIZE}.`),
    ),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(64))),
});

/** Parses the article id in the path: a malformed one is a 400 naming the parameter. */
export function parseArticleId(raw: string): string {
  return parsePathParameter("id", ArticleId, raw.toLowerCase());
}

/** `limit` and `cursor` of any paged list (articles, tokens, delivery logs), checked and decoded. */
export function parseListQuery(query: Record<string, string>): { limit: number; beforeRowId: number | null } {
  const parsed = parseParametersOrThrow(ListQuery, query, "query");
  return readPage(parsed);
}

/** The page a validated `ListQuery` asks for; a cursor Ferry did not issue is a 400 naming it. */
export function readPage(parsed: v.InferOutput<typeof ListQuery>): {
  limit: number;
  beforeRowId: number | null;
} {
  let beforeRowId: number | null = null;
  if (parsed.cursor !== undefined) {
    const decoded = decodeCursor(parsed.cursor, 1);
    if (!decoded) {
      throw new FerryError("bad_request", "The cursor is not one Ferry issued.", {
        parameters: [
          {
            parameter: "cursor",
            in: "query",
            detail: "`cursor` must be the next_cursor of a previous page.",
          },
        ],
      });
    }
    beforeRowId = decoded[0] as number;
  }
  return { limit: parsed.limit ?? DEFAULT_PAGE_SIZE, beforeRowId };
}

/** A strong validator for one stored version of an article, for If-Match on writes. */
export function articleEtag(record: ArticleRecord): string {
  return `"${record.article.id}-${record.article.updatedAt}"`;
}

/** Honours `If-Match` so two editors cannot silently overwrite each other. */
export function checkIfMatch(request: Request, record: ArticleRecord): void {
  const header = request.headers.get("if-match");
  if (header === null || header.trim() === "*") return;
  const tags = header.split(",").map((t) => t.trim());
  if (!tags.includes(articleEtag(record))) {
    throw new FerryError(
      "precondition_failed",
      "The article changed since you read it; fetch it again and retry.",
    );
  }
}
