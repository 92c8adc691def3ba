import { type ConversionConfig, toJsonSchema, toJsonSchemaDefs } from "@valibot/to-json-schema";
import type * as v from "valibot";
import {
  ArticleList,
  ArticleOutput,
  ArticlePatch,
  FeedList,
  FeedOutput,
  Health,
  ImportResult,
  Problem,
  TokenCreated,
  TokenList,
  TokenOutput,
} from "../domain/api-schemas";
import { ArticleInput, HttpUrl } from "../domain/article-input";
import {
  Accepted,
  DELIVERY_LOG_STATUSES,
  DeliveryList,
  WebhookList,
  WebhookOutput,
  WebsubSubscriptionList,
} from "../domain/delivery-schemas";
import {
  EventTypeList,
  WEBHOOK_EVENT_PAYLOADS,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from "../domain/event-catalogue";
import { EventStreamPage } from "../domain/event-page-view";
import { DEFAULT_EVENT_PAGE_SIZE, MAX_FILTER_CHARS, MAX_FILTER_VALUES } from "../domain/event-selection";
import { ARTICLE_EVENT_TYPES } from "../domain/events";
import { FeedInput, FeedPatch, FeedSlug } from "../domain/feed-input";
import { DEFAULT_PAGE_SIZE, ListQuery, MAX_PAGE_SIZE } from "../domain/paging";
import { problemCodesWithStatus, titleOf } from "../domain/problems";
import { Rfc3339 } from "../domain/rfc3339";
import { TokenId, TokenInput } from "../domain/token-input";
import { ReplayInput, WebhookInput, WebhookPatch } from "../domain/webhook-endpoint";
import { ArticleId } from "./article-params";
import type { HeaderObject, JsonSchema, ParameterObject, Ref, ResponseObject } from "./openapi-types";
import { PROBLEM_CONTENT_TYPE } from "./problem";

/** Ferry checks some strings with its own actions; these are the ones JSON Schema has a `format` for. */
const CHECK_FORMATS = new Map<unknown, string>([
  [HttpUrl.pipe.find((action) => action.type === "check"), "uri"],
  [Rfc3339.pipe.find((action) => action.type === "raw_transform"), "date-time"],
]);

const BASE_CONFIG: ConversionConfig = {
  target: "draft-2020-12",
  errorMode: "ignore",
  overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
  overrideAction: ({ valibotAction, jsonSchema }) => {
    const format = CHECK_FORMATS.get(valibotAction);
    return format ? { ...jsonSchema, format } : null;
  },
};

/**
 * Request bodies use typeMode "ignore", not "input": "input" stops at the first transform, and Ferry's
 * transforms only clean strings (trim, drop control characters), so the limits after them are the ones
 * a client must respect (title ≤ 1000 characters …). None of these schemas pipes into a second schema.
 */
const REQUEST_CONFIG: ConversionConfig = { ...BASE_CONFIG, typeMode: "ignore" };
const RESPONSE_CONFIG: ConversionConfig = { ...BASE_CONFIG, typeMode: "output" };

/** The request bodies an endpoint can declare, by component name; the same schemas validate them. */
export const REQUEST_SCHEMAS = {
  ArticleInput,
  ArticlePatch,
  FeedInput,
  FeedPatch,
  TokenInput,
  WebhookInput,
  WebhookPatch,
  ReplayInput,
} as const;

/** The response bodies an endpoint can declare, by component name. */
const RESPONSE_SCHEMAS = {
  ArticleOutput,
  ArticleList,
  FeedOutput,
  FeedList,
  TokenOutput,
  TokenCreated,
  TokenList,
  ImportResult,
  Health,
  Problem,
  WebhookOutput,
  WebhookList,
  DeliveryList,
  WebsubSubscriptionList,
  Accepted,
  EventTypeList,
  EventStreamPage,
} as const;

export type RequestSchemaName = keyof typeof REQUEST_SCHEMAS;
export type SchemaName = RequestSchemaName | keyof typeof RESPONSE_SCHEMAS;

export function componentSchemas(): Record<string, JsonSchema> {
  return {
    ...toJsonSchemaDefs(REQUEST_SCHEMAS, REQUEST_CONFIG),
    ...toJsonSchemaDefs({ ...RESPONSE_SCHEMAS, ...webhookSchemas() }, RESPONSE_CONFIG),
  };
}

/** `article.published` → `ArticlePublishedEvent`: the component describing that webhook event's body. */
export function eventSchemaName(type: WebhookEventType): string {
  const words = type.split(".").map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return `${words.join("")}Event`;
}

/** The bodies Ferry POSTs to webhook endpoints, by component name; the document's `webhooks` refer to them. */
function webhookSchemas(): Record<string, v.GenericSchema> {
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [eventSchemaName(type), WEBHOOK_EVENT_PAYLOADS[type]]),
  );
}

/** A schema on its own, references inlined: how `GET /v1/event-types` publishes each event's body. */
export function standaloneJsonSchema(schema: v.GenericSchema): JsonSchema {
  return toJsonSchema(schema, RESPONSE_CONFIG);
}

function requestSchema(schema: v.GenericSchema): JsonSchema {
  const { $schema, ...rest } = toJsonSchema(schema, REQUEST_CONFIG);
  return rest;
}

export function componentParameters(): Record<string, ParameterObject> {
  return {
    feed: {
      name: "feed",
      in: "path",
      required: true,
      description: "The feed's slug.",
      schema: requestSchema(FeedSlug),
    },
    id: {
      name: "id",
      in: "path",
      required: true,
      description: "The article's id.",
      schema: requestSchema(ArticleId),
    },
    token_id: {
      name: "token_id",
      in: "path",
      required: true,
      description: "The token's id (never its secret).",
      schema: requestSchema(TokenId),
    },
    endpoint: {
      name: "endpoint",
      in: "path",
      required: true,
      description: "The webhook endpoint's id (ep_…).",
      schema: { type: "string", pattern: "^ep_[0-9a-f]{24}$" },
    },
    delivery: {
      name: "delivery",
      in: "path",
      required: true,
      description: "The delivery's id (dlv_…), from the delivery log.",
      schema: { type: "string", pattern: "^dlv_[0-9a-f]{24}$" },
    },
    subscription: {
      name: "subscription",
      in: "path",
      required: true,
      description: "The WebSub subscription's id (sub_…).",
      schema: { type: "string", pattern: "^sub_[0-9a-f]{24}$" },
    },
    status: {
      name: "status",
      in: "query",
      required: false,
      description:
        "Only deliveries in this state: `pending` lists the `waiting` ones too (pending behind a FIFO endpoint's head), `waiting` only those.",
      schema: { type: "string", enum: [...DELIVERY_LOG_STATUSES] },
    },
    // The query string is text, but what it must spell is a whole number in this range.
    limit: {
      name: "limit",
      in: "query",
      required: false,
      description: `How many items per page: ${DEFAULT_PAGE_SIZE} by default, ${DEFAULT_EVENT_PAGE_SIZE} for a feed's events.`,
      schema: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE },
    },
    cursor: {
      name: "cursor",
      in: "query",
      required: false,
      description: "The `next_cursor` of the previous page; omit for the first page.",
      schema: requestSchema(ListQuery.entries.cursor),
    },
    after: {
      name: "after",
      in: "query",
      required: false,
      description:
        "The `next_cursor` of the previous answer: only events after it. Omit to start at the oldest event Ferry keeps.",
      schema: { type: "string", minLength: 1, maxLength: 64 },
    },
    types: {
      name: "types",
      in: "query",
      required: false,
      description: `Only events of these types, comma-separated (${ARTICLE_EVENT_TYPES.join(", ")}); all three when omitted.`,
      schema: { type: "string", minLength: 1, maxLength: 200 },
    },
    tags: {
      name: "tags",
      in: "query",
      required: false,
      description: `Only events of articles with one of these tags (at most ${MAX_FILTER_VALUES}, comma-separated, any case), before or after the change.`,
      schema: { type: "string", minLength: 1, maxLength: MAX_FILTER_CHARS },
    },
    authors: {
      name: "authors",
      in: "query",
      required: false,
      description: `Only events of articles by one of these authors (at most ${MAX_FILTER_VALUES}, comma-separated: a name, else an email or URL, any case), before or after the change.`,
      schema: { type: "string", minLength: 1, maxLength: MAX_FILTER_CHARS },
    },
    IdempotencyKey: {
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Any unique string (a UUID is ideal). A retry with the same key and body replays the first response instead of writing twice.",
      schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
    },
    IfMatch: {
      name: "If-Match",
      in: "header",
      required: false,
      description: "The ETag from a previous GET; the write fails with 412 if the article changed since.",
      schema: { type: "string" },
    },
  };
}

export function componentHeaders(): Record<string, HeaderObject> {
  const text = (description: string): HeaderObject => ({ description, schema: { type: "string" } });
  return {
    Location: text("The path of the created resource."),
    ETag: text("The article's version; send it back in If-Match to write safely."),
    Link: text('`<…?cursor=…>; rel="next"` when there is a next page.'),
    WWWAuthenticate: text('`Bearer realm="ferry"`, with `error="invalid_token"` for a bad token.'),
    Allow: text("The methods this path supports."),
  };
}

/** Headers RFC 9110 asks for alongside some error statuses. */
const PROBLEM_HEADERS: Readonly<Record<number, Record<string, Ref>>> = {
  401: { "WWW-Authenticate": { $ref: "#/components/headers/WWWAuthenticate" } },
  405: { Allow: { $ref: "#/components/headers/Allow" } },
};

/** One problem+json response per error status, its description naming every problem type it covers. */
export function componentResponses(statuses: Iterable<number>): Record<string, ResponseObject> {
  const responses: Record<string, ResponseObject> = {};
  for (const status of [...new Set(statuses)].sort((a, b) => a - b)) {
    const headers = PROBLEM_HEADERS[status];
    responses[problemResponseName(status)] = {
      description: problemCodesWithStatus(status).map(titleOf).join(", or ") || "Error",
      ...(headers ? { headers } : {}),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: "#/components/schemas/Problem" } } },
    };
  }
  return responses;
}

export function problemResponseName(status: number): string {
  return `Problem${status}`;
}
