import * as v from "valibot";
import { PROBLEM_CODES } from "../domain/problems";
import { cacheControlFor } from "./feed-headers";
import type { HeaderObject, ParameterObject, ResponseObject } from "./openapi-types";

/** The parameters and headers the public, read-only routes share (see public-reads.ts). */

/** The representation headers of every feed, page and list answer, 200 and 304 alike. */
export const REPRESENTATION_HEADERS = [
  "RepresentationETag",
  "LastModified",
  "CacheControl",
  "Vary",
  "RepresentationLink",
] as const;

/** `?before=` of a paged public feed; documented by the `before` component, read by readFeedTarget. */
export const FeedPageQuery = v.object({ before: v.optional(v.string()) });

export function publicParameters(): Record<string, ParameterObject> {
  const path = (name: string, description: string, schema: ParameterObject["schema"]): ParameterObject => ({
    name,
    in: "path",
    required: true,
    description,
    schema,
  });
  return {
    tag: path("tag", "The tag, as written on any article (case does not matter).", {
      type: "string",
      minLength: 1,
    }),
    name: path("name", "The author's name, or else their email or URL (case does not matter).", {
      type: "string",
      minLength: 1,
    }),
    code: path("code", "The problem type's code, the last segment of its `type`.", {
      type: "string",
      enum: [...PROBLEM_CODES],
    }),
    before: {
      name: "before",
      in: "query",
      required: false,
      description:
        'Where an older page starts: follow a page\'s `rel="next"` link (or `next_url`) rather than build one. Omit for the newest page; a cursor Ferry did not issue is answered 400.',
      schema: { type: "string", minLength: 1 },
    },
    IfNoneMatch: {
      name: "If-None-Match",
      in: "header",
      required: false,
      description:
        "ETags from earlier answers (weak comparison; `*` matches any): 304 while one is still current. When sent, If-Modified-Since is ignored.",
      schema: { type: "string" },
    },
    IfModifiedSince: {
      name: "If-Modified-Since",
      in: "header",
      required: false,
      description: "An HTTP date, such as an earlier Last-Modified: 304 when nothing changed since.",
      schema: { type: "string" },
    },
  };
}

/** Component name → the header it describes, where the two differ. */
export const HEADER_FIELD_NAMES: Readonly<Record<string, string>> = {
  RepresentationETag: "ETag",
  LastModified: "Last-Modified",
  CacheControl: "Cache-Control",
  RepresentationLink: "Link",
  ContentLocation: "Content-Location",
};

export function publicHeaders(): Record<string, HeaderObject> {
  const text = (description: string): HeaderObject => ({ description, schema: { type: "string" } });
  return {
    RepresentationETag: text(
      "Names this representation: the feed's version, format, page and filter. Send it back in If-None-Match.",
    ),
    LastModified: text(
      "When the content last changed (a write, or a scheduled article going live); absent from an empty feed list.",
    ),
    CacheControl: text(
      `\`${cacheControlFor(false)}\` for a newest page or a list; \`${cacheControlFor(true)}\` for an older page.`,
    ),
    Vary: text("`Accept-Encoding`, and `Accept` where the format is negotiated."),
    RepresentationLink: text(
      '`<…>; rel="self"` naming this representation; on the newest page of a feed file also `<…/websub>; rel="hub"`, Ferry\'s WebSub hub.',
    ),
    ContentLocation: text("The URL of the format that was served, e.g. `…/feeds/news/rss.xml`."),
  };
}

/** The answer to a conditional GET or HEAD whose validators still match. */
export function notModifiedResponse(): ResponseObject {
  return {
    description:
      "Not modified: If-None-Match (else If-Modified-Since) matches the current representation. No body; the same validators and caching headers as a 200.",
    headers: Object.fromEntries(
      REPRESENTATION_HEADERS.map((name) => [
        HEADER_FIELD_NAMES[name] ?? name,
        { $ref: `#/components/headers/${name}` },
      ]),
    ),
  };
}
