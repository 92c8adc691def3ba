import { FILTER_SEGMENTS } from "../domain/feed-filter";
import type { FeedFormat } from "../feeds/feed-document";
import { FEED_FORMATS } from "../feeds/feed-formats";
import { FORMAT_FILES } from "../feeds/feed-urls";
import { OPML_CONTENT_TYPE } from "../feeds/html-index";
import type { EndpointSpec } from "./endpoint-spec";
import { NEGOTIABLE } from "./feed-negotiation";
import type { FeedFilterRoute } from "./feed-target";
import { FeedPageQuery, REPRESENTATION_HEADERS } from "./openapi-public";

/**
 * The public, read-only routes that readers and people use, declared: feeds in every format, per feed, tag and
 * author; HTML pages; the feed list and OPML. They are generated, since every view is published alike.
 */

/** A feed, or one of its per-tag or per-author views: each is published in every format. */
interface FeedView {
  path: string;
  /** Inserted into operation ids: `readTagRssFeed`, `readTagPage`, `negotiateTagFeed`. */
  id: "" | "Tag" | "Author";
  what: string;
  note: string;
  /** The path segment and parameter naming the tag or author, for the filtered views. */
  filter: FeedFilterRoute | null;
}

const VIEWS: readonly FeedView[] = [
  {
    path: "/feeds/{feed}",
    id: "",
    what: "a feed",
    note: "The feed's newest articles first, up to its `item_limit`, leaving out deleted and future-dated ones.",
    filter: null,
  },
  {
    path: "/feeds/{feed}/tags/{tag}",
    id: "Tag",
    what: "a feed's articles with one tag",
    note: "Only the articles with this tag (matched case-insensitively); an unknown tag is an empty feed with its own stable id.",
    filter: { segment: FILTER_SEGMENTS.tag, param: "tag" },
  },
  {
    path: "/feeds/{feed}/authors/{name}",
    id: "Author",
    what: "a feed's articles by one author",
    note: "Only the articles by this author, matched case-insensitively by name, else by email or URL; an unknown author is an empty feed.",
    filter: { segment: FILTER_SEGMENTS.author, param: "name" },
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

/** How a public read is answered: the declaration, the format it serves and the filter its path names. */
export interface PublicRead {
  spec: EndpointSpec;
  format: FeedFormat | "negotiate";
  filter: FeedFilterRoute | null;
}

function readOperation(
  spec: Pick<EndpointSpec, "path" | "operationId" | "summary" | "description">,
  body: { description: string; mediaTypes: readonly string[] },
  paged: boolean,
): EndpointSpec {
  const { description, mediaTypes } = body;
  return {
    ...spec,
    method: "get",
    tag: "Public feeds",
    role: null,
    conditional: true,
    ...(paged ? { query: FeedPageQuery } : {}),
    ok: {
      status: 200,
      description,
      mediaTypes,
      headers: [...REPRESENTATION_HEADERS, ...(mediaTypes.length > 1 ? (["ContentLocation"] as const) : [])],
    },
    problems: paged ? [400, 404] : [],
  };
}

function viewReads(view: FeedView): PublicRead[] {
  const read = (spec: EndpointSpec, format: PublicRead["format"]) => ({ spec, format, filter: view.filter });
  const files = FILE_FORMATS.map(({ format, id, paging }) =>
    read(
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
      format,
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
  return [...files, read(page, "html"), read(negotiated, "negotiate")];
}

/** Where the OPML list of every feed lives. */
export const OPML_PATH = "/opml.xml";

/** Every feed in every format, and each tag's and author's: declared here, answered by public-feeds.ts. */
export const FEED_READS: readonly PublicRead[] = VIEWS.flatMap(viewReads);

/** The list of every feed, as a page and as OPML: answered by feed-directory.ts. */
export const DIRECTORY_READS: readonly EndpointSpec[] = [
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
      path: OPML_PATH,
      operationId: "listFeedsOpml",
      summary: "List every feed as OPML 2.0, to import into a feed reader",
      description: "One outline per feed, with its RSS URL and HTML page.",
    },
    { description: "The OPML 2.0 document.", mediaTypes: [OPML_CONTENT_TYPE] },
    false,
  ),
];
