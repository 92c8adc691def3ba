import type { Context } from "hono";
import * as v from "valibot";
import type { ArticleRecord } from "../db/articles";
import { FerryError } from "../domain/problems";
import { UUID_PATTERN } from "../domain/uuid";

export const ArticleId = v.pipe(v.string(), v.regex(UUID_PATTERN, "Must be an article id (a UUID)."));

/** An id in a path, matched whatever its case: `schema` sees it lowercased. */
export function caseless<S extends v.GenericSchema<string, string>>(schema: S) {
  return v.pipe(v.string(), v.toLowerCase(), schema);
}

/** Points at the next page with `Link: rel="next"`, the query kept and the cursor replaced. */
export function linkNextPage(c: Context, nextCursor: string | null): void {
  if (nextCursor === null) return;
  const next = new URL(c.req.url);
  next.searchParams.set("cursor", nextCursor);
  c.header("link", `<${next.pathname}${next.search}>; rel="next"`);
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
