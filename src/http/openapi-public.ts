import type { FeedFormat } from "../feeds/feed-document";
import { FORMAT_FILES } from "../feeds/feed-urls";
import { OPML_CONTENT_TYPE } from "../feeds/html-index";
import { FEED_FORMATS } from "./feed-formats";
import { cacheControlFor } from "./feed-headers";
import { NEGOTIABLE } from "./feed-negotiation";
import type { OperationSpec } from "./openapi-operations";
import type { HeaderObject, ParameterObject, ResponseObject } from "./openapi-types";
import { PROBLEM_CODES } from "./problem-types";

/**
 * The public, read-only routes that readers and people use (feeds in every format, per feed, tag and author;
 * HTML pages; the feed list and OPML; the documents), and the parameters and headers they share.
 */

/** A feed, or one of its per-tag or per-author views: each is published in every format. */
interface FeedView {
  path: string;
  /** Inserted into operation ids: `readTagRssFeed`, `readTagPage`, `negotiateTagFeed`. */
  id: "" | "Tag" | "Author";
  what: string;
  note: string;
}

const VIEWS: readonly FeedView[] = [
  {
    path: "/feeds/{feed}",
    id: "",
    what: "a feed",
    note: "The feed's newest articles first, up to its `item_limit`, leaving out deleted and future-dated ones.",
  },
  {
    path: "/feeds/{feed}/tags/{tag}",
    id: "Tag",
    what: "a feed's articles with one tag",
    note: "Only the articles with this tag (matched case-insensitively); an unknown tag is an empty feed with its own stable id.",
  },
  {
    path: "/feeds/{feed}/authors/{name}",
    id: "Author",
    what: "a feed's articles by one author",
    note: "Only the articles by this author, matched case-insensitively by name, else by email or URL; an unknown author is an empty feed.",
  },
];

const FORMAT_NAMES: Readonly<Record<FeedFormat, string>> = {
  rss: "RSS 2.0",
  atom: "Atom 1.0",
  json: "JSON Feed 1.1",
  html: "the HTML page",
};

/** RFC 5005 paging as RSS and Atom carry it. */
const XML_PAGING =
  'Paged (RFC 5005): while older articles exist, `rel="next"` and `prev-archive` link the next older page (`?before=<cursor>`) beside `rel="first"`; an older page is an archive (`fh:archive`) that links back with `rel="current"`.';

const FILE_FORMATS = [
  { format: "rss", id: "Rss", paging: XML_PAGING },
  { format: "atom", id: "Atom", paging: XML_PAGING },
  {
    format: "json",
    id: "Json",
    paging: "While older articles exist, `next_url` links the next older page (`?before=<cursor>`).",
  },
] as const satisfies readonly { format: FeedFormat; id: string; paging: string }[];

/** Which `Accept` media types select which format, in words. */
const NEGOTIATION = NEGOTIABLE.map(
  ({ format, types }) => `${types.map((type) => `\`${type}\``).join(" or ")} for ${FORMAT_NAMES[format]}`,
).join(", ");

const HTML_PAGING = 'While older articles exist, an "Older articles" link (`?before=<cursor>`) leads on.';

/** A format's media type without its charset, as OpenAPI keys content. */
const mediaTypeOf = (format: FeedFormat) => FEED_FORMATS[format].contentType.split(";")[0] as string;

/** The representation headers of every feed, page and list answer, 200 and 304 alike. */
const REPRESENTATION_HEADERS = [
  "RepresentationETag",
  "LastModified",
  "CacheControl",
  "Vary",
  "RepresentationLink",
] as const;

function readOperation(
  spec: Pick<OperationSpec, "path" | "operationId" | "summary" | "description">,
  body: { description: string; mediaTypes: readonly string[] },
  paged: boolean,
): OperationSpec {
  const { description, mediaTypes } = body;
  return {
    ...spec,
    method: "get",
    tag: "Public feeds",
    role: null,
    conditional: true,
    ...(paged ? { query: ["before"] } : {}),
    ok: {
      status: 200,
      description,
      mediaTypes,
      headers: [...REPRESENTATION_HEADERS, ...(mediaTypes.length > 1 ? (["ContentLocation"] as const) : [])],
    },
    problems: paged ? [400, 404] : [],
  };
}

function viewOperations(view: FeedView): OperationSpec[] {
  const files = FILE_FORMATS.map(({ format, id, paging }) =>
    readOperation(
      {
        path: `${view.path}/${FORMAT_FILES[format]}`,
        operationId: `read${view.id}${id}Feed`,
        summary: `Read ${view.what} as ${FORMAT_NAMES[format]}`,
        description: `${view.note} ${paging}`,
      },
      { description: `The ${FORMAT_NAMES[format]} document.`, mediaTypes: [mediaTypeOf(format)] },
      true,
    ),
  );
  const page = readOperation(
    {
      path: `${view.path}/`,
      operationId: `read${view.id || "Feed"}Page`,
      summary: `Read ${view.what} as an HTML page for people`,
      description: `${view.note} Each article's title, date and summary (never its HTML), with \`<link rel="alternate">\` autodiscovery of every format; no script, nothing loaded from elsewhere. ${HTML_PAGING}`,
    },
    { description: "The HTML page.", mediaTypes: [mediaTypeOf("html")] },
    true,
  );
  const negotiated = readOperation(
    {
      path: view.path,
      operationId: `negotiate${view.id}Feed`,
      summary: `Read ${view.what} in the format the Accept header asks for`,
      description: `Serves the format \`Accept\` prefers, without a redirect: ${NEGOTIATION}; the HTML page when none is acceptable. \`Content-Location\` names the served format's own URL. ${view.note} Each format pages as at its own URL.`,
    },
    {
      description: "The format `Accept` chose, as at its own URL.",
      mediaTypes: NEGOTIABLE.map(({ format }) => mediaTypeOf(format)),
    },
    true,
  );
  return [...files, page, negotiated];
}

/** Every public read-only route, in the order the docs page lists them. */
export const PUBLIC_OPERATIONS: readonly OperationSpec[] = [
  ...VIEWS.flatMap(viewOperations),
  readOperation(
    {
      path: "/",
      operationId: "listFeedsPage",
      summary: "List every feed on an HTML page, with autodiscovery links for each",
      description: "Links to every feed in every format, and to the OPML list.",
    },
    { description: "The HTML page.", mediaTypes: [mediaTypeOf("html")] },
    false,
  ),
  readOperation(
    {
      path: "/opml.xml",
      operationId: "listFeedsOpml",
      summary: "List every feed as OPML 2.0, to import into a feed reader",
      description: "One outline per feed, with its RSS URL and HTML page.",
    },
    { description: "The OPML 2.0 document.", mediaTypes: [OPML_CONTENT_TYPE] },
    false,
  ),
];

/** The documents that describe the API: built from the code, never from a request (except the origin). */
export const DOCUMENT_OPERATIONS: readonly OperationSpec[] = [
  {
    method: "get",
    path: "/openapi.json",
    operationId: "readOpenApiDocument",
    summary: "This OpenAPI 3.1 document, with this deployment as its server",
    tag: "Documentation",
    role: null,
    ok: { status: 200, description: "The OpenAPI document.", mediaTypes: ["application/json"] },
    problems: [],
  },
  {
    method: "get",
    path: "/docs",
    operationId: "readApiReference",
    summary: "The API reference for people, rendered from this document",
    tag: "Documentation",
    role: null,
    ok: { status: 200, description: "A self-contained HTML page.", mediaTypes: ["text/html"] },
    problems: [],
  },
  {
    method: "get",
    path: "/problems/{code}",
    operationId: "readProblemType",
    summary: "Explain a problem type: the page each error's type links to",
    tag: "Documentation",
    role: null,
    ok: { status: 200, description: "A short HTML page.", mediaTypes: ["text/html"] },
    problems: [404],
  },
];

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
