import { describeEventType, WEBHOOK_EVENT_TYPES } from "../domain/event-catalogue";
import { eventSchemaName } from "./openapi-components";
import type { OperationObject, ParameterObject, ResponseObject } from "./openapi-types";

/** The OpenAPI `webhooks` section: one POST per catalogue event type, as a subscriber endpoint receives it. */

/** The Standard Webhooks headers of every delivery, by component name. */
export function webhookHeaderParameters(): Record<string, ParameterObject> {
  const header = (name: string, description: string, schema: ParameterObject["schema"]): ParameterObject => ({
    name,
    in: "header",
    required: true,
    description,
    schema,
  });
  return {
    WebhookId: header(
      "webhook-id",
      "The event's id: the same on every retry, redelivery and replay of it. Deduplicate on it.",
      { type: "string", pattern: "^msg_[0-9a-f]{32}$" },
    ),
    WebhookTimestamp: header(
      "webhook-timestamp",
      "When this attempt was signed, in seconds since the Unix epoch. Refuse one far from your clock (Standard Webhooks suggests 5 minutes) to stop replayed requests.",
      { type: "string", pattern: "^[0-9]{1,12}$" },
    ),
    WebhookSignature: header(
      "webhook-signature",
      "`v1,` and the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>`, keyed with the base64-decoded part of the endpoint's secret after `whsec_`. During a secret rotation, two such signatures separated by a space: accept the request when one matches. Verify the exact bytes received.",
      { type: "string", minLength: 1 },
    ),
  };
}

const RESPONSES: Record<string, ResponseObject> = {
  "2XX": {
    description:
      "Received: any 2xx ends the delivery. At most 1 KiB of the answer is read, for the delivery log.",
  },
  "410": {
    description:
      'Gone: Ferry disables the endpoint at once (its `disabled` field says why) and sends it nothing more until it is resumed with `"paused": false`.',
  },
  default: {
    description:
      "Any other answer, a redirect (never followed), or none within the delivery timeout (15 s by default) fails the attempt. It is retried with ±20 % jitter after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, later if `Retry-After` on a 429, 502, 503 or 504 asks; after the 8th attempt the delivery is dead-lettered (`dead` in the delivery log) and can be redelivered or replayed. An endpoint that has failed every attempt for 5 days is disabled.",
  },
};

const DELIVERY_SENTENCE =
  "Signed as Standard Webhooks (see the headers) and delivered at least once: deduplicate on `webhook-id`.";

const HEADER_REFS = Object.keys(webhookHeaderParameters()).map((name) => ({
  $ref: `#/components/parameters/${name}`,
}));

/** `webhooks`: what Ferry POSTs to a subscriber endpoint for each event type, keyed by the type. */
export function webhookOperations(): Record<string, { post: OperationObject }> {
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => {
      const schemaName = eventSchemaName(type);
      const operation: OperationObject = {
        operationId: `on${schemaName}`,
        summary: `Receive ${type}`,
        description: `${describeEventType(type)} ${DELIVERY_SENTENCE}`,
        tags: ["Webhooks"],
        // Ferry sends no bearer token here: the receiver authenticates the request by its signature.
        security: [],
        parameters: HEADER_REFS,
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: `#/components/schemas/${schemaName}` } } },
        },
        responses: RESPONSES,
      };
      return [type, { post: operation }];
    }),
  );
}
