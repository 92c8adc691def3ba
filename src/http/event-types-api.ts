import {
  describeEventType,
  type EventTypeList,
  WEBHOOK_EVENT_PAYLOADS,
  WEBHOOK_EVENT_TYPES,
} from "../domain/event-catalogue";
import { requireToken } from "./auth";
import { entityTag, isNotModified } from "./conditional-get";
import { Resource } from "./endpoint";
import { standaloneJsonSchema } from "./openapi-components";

const EVENT_TYPES = "/v1/event-types";
/** Fixed for a deployment, but a new deployment may change it: clients revalidate with the ETag. */
const CACHE_CONTROL = "private, max-age=300";

/** The webhook event catalogue, mounted at `/v1/event-types`: any token may read it. */
const eventTypes = new Resource(EVENT_TYPES);
eventTypes.app.use(requireToken);

/** The catalogue depends only on the code, so each isolate renders it (and its ETag) once. */
let rendered: Promise<{ text: string; etag: string }> | undefined;

async function renderCatalogue(): Promise<{ text: string; etag: string }> {
  const body: EventTypeList = {
    items: WEBHOOK_EVENT_TYPES.map((name) => ({
      name,
      description: describeEventType(name),
      schema: { ...standaloneJsonSchema(WEBHOOK_EVENT_PAYLOADS[name]) },
    })),
  };
  const text = JSON.stringify(body);
  return { text, etag: await entityTag([text]) };
}

eventTypes.endpoint(
  {
    method: "get",
    path: EVENT_TYPES,
    operationId: "listEventTypes",
    summary: "List the webhook event types, each with the JSON Schema of its payload",
    tag: "Webhooks",
    role: "read",
    description:
      "The same schemas as this document's `webhooks`. Fixed for a deployment: the answer carries an `ETag`, and `If-None-Match` with it is answered 304.",
    ok: {
      status: 200,
      description: "Every event type a webhook endpoint can receive.",
      schema: "EventTypeList",
    },
    problems: [401],
  },
  async (c) => {
    rendered ??= renderCatalogue();
    const { text, etag } = await rendered;
    const headers = { etag, "cache-control": CACHE_CONTROL };
    if (isNotModified(c.req.raw.headers, { etag, lastModifiedMs: null })) return c.body(null, 304, headers);
    return c.body(text, 200, { ...headers, "content-type": "application/json; charset=utf-8" });
  },
);

export const eventTypesApi = eventTypes.routes();
export const EVENT_TYPE_ENDPOINTS = eventTypes.endpoints;
