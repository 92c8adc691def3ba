import * as v from "valibot";
import { MAX_SECRET_BYTES } from "./websub";

const Callback = v.pipe(v.string(), v.minLength(1, "hub.callback is required."), v.maxLength(2048));
const TopicParam = v.pipe(v.string(), v.minLength(1, "hub.topic is required."), v.maxLength(2048));
const LeaseSeconds = v.pipe(
  v.string(),
  v.regex(/^\d{1,10}$/, "hub.lease_seconds must be a whole number of seconds."),
  v.transform(Number),
);
const Secret = v.pipe(
  v.string(),
  v.minLength(1, "hub.secret must not be empty."),
  v.check(
    (s) => new TextEncoder().encode(s).length <= MAX_SECRET_BYTES,
    "hub.secret must be less than 200 bytes.",
  ),
);

const SubscriptionRequest = {
  "hub.callback": Callback,
  "hub.topic": TopicParam,
  "hub.lease_seconds": v.optional(LeaseSeconds),
  "hub.secret": v.optional(Secret),
};

/**
 * A request to the hub (WebSub §5.1, plus the common `publish` ping). Parameters arrive form-encoded;
 * unknown ones are ignored, as §5.1 requires.
 */
export const HubRequest = v.variant(
  "hub.mode",
  [
    v.object({ "hub.mode": v.literal("subscribe"), ...SubscriptionRequest }),
    v.object({ "hub.mode": v.literal("unsubscribe"), ...SubscriptionRequest }),
    v.object({
      "hub.mode": v.literal("publish"),
      topics: v.pipe(
        v.array(TopicParam),
        v.minLength(1, "A publish ping names its feed in hub.url (or hub.topic)."),
        v.maxLength(20, "At most 20 topics per ping."),
      ),
    }),
  ],
  "hub.mode must be subscribe, unsubscribe or publish.",
);
export type HubRequest = v.InferOutput<typeof HubRequest>;

/** Form fields as the schema expects them: the first value of each, and every hub.url / hub.topic for publish. */
export function hubFormToObject(form: URLSearchParams): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) fields[key] = form.get(key);
  fields.topics = [...form.getAll("hub.url"), ...form.getAll("hub.topic")];
  return fields;
}
