import { ARTICLE_EVENT_TYPES } from "../../domain/events";
import type { WebhookEndpoint } from "../../domain/webhook-endpoint";
import { pointerMember } from "./form-errors";

/** The fields of an endpoint's form, in the order it shows them. */
export const WEBHOOK_FORM_FIELDS = [
  "url",
  "description",
  "events",
  "filter_tags",
  "filter_authors",
  "ordering",
  "rate_limit_per_second",
] as const;
export type WebhookFormField = (typeof WEBHOOK_FORM_FIELDS)[number];
/** What the form shows; `events` holds the ticked event types, joined by commas. */
export type WebhookFormValues = Record<WebhookFormField, string>;

export const WEBHOOK_FIELD_LABELS: Readonly<Record<WebhookFormField, string>> = {
  url: "Endpoint URL",
  description: "Description",
  events: "Events",
  filter_tags: "Only articles tagged",
  filter_authors: "Only articles by",
  ordering: "Ordering",
  rate_limit_per_second: "Rate limit (attempts per second)",
};

export const EMPTY_WEBHOOK_VALUES: WebhookFormValues = {
  url: "",
  description: "",
  events: "",
  filter_tags: "",
  filter_authors: "",
  ordering: "unordered",
  rate_limit_per_second: "",
};

export function webhookValuesFromForm(form: URLSearchParams): WebhookFormValues {
  const ticked = form
    .getAll("events")
    .filter((type) => (ARTICLE_EVENT_TYPES as readonly string[]).includes(type));
  return {
    url: form.get("url") ?? "",
    description: form.get("description") ?? "",
    events: ticked.join(","),
    filter_tags: form.get("filter_tags") ?? "",
    filter_authors: form.get("filter_authors") ?? "",
    ordering: form.get("ordering") ?? "",
    rate_limit_per_second: form.get("rate_limit_per_second") ?? "",
  };
}

export function webhookValuesFromEndpoint(endpoint: WebhookEndpoint): WebhookFormValues {
  return {
    url: endpoint.url,
    description: endpoint.description ?? "",
    events: endpoint.eventTypes?.join(",") ?? "",
    filter_tags: endpoint.filter?.tags?.join(", ") ?? "",
    filter_authors: endpoint.filter?.authors?.join("\n") ?? "",
    ordering: endpoint.ordering,
    rate_limit_per_second: endpoint.rateLimitPerSecond === null ? "" : String(endpoint.rateLimitPerSecond),
  };
}

function listOrNull(text: string, separator: string): string[] | null {
  const items = text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== "");
  return items.length > 0 ? items : null;
}

/**
 * The API body the form stands for, as a create (WebhookInput) or a PATCH that sets every field shown: an empty
 * field is null (every event type, no filter, no limit). A rate that is not a number stays text, so validation
 * names it exactly as the API would.
 */
export function webhookBodyFromValues(values: WebhookFormValues): Record<string, unknown> {
  const tags = listOrNull(values.filter_tags, ",");
  const authors = listOrNull(values.filter_authors, "\n");
  const rate = values.rate_limit_per_second.trim();
  return {
    url: values.url.trim(),
    description: values.description.trim() === "" ? null : values.description,
    events: listOrNull(values.events, ","),
    filter: tags || authors ? { tags, authors } : null,
    ordering: values.ordering === "" ? null : values.ordering,
    rate_limit_per_second: rate === "" ? null : /^\d{1,6}$/.test(rate) ? Number(rate) : rate,
  };
}

/** The field a problem's pointer is about: `/filter/tags/2` is the tags field, `/events/0` the events. */
export function webhookFieldOf(pointer: string): WebhookFormField | null {
  const member = pointerMember(pointer);
  if (member === "filter") return pointer.startsWith("/filter/authors") ? "filter_authors" : "filter_tags";
  return (WEBHOOK_FORM_FIELDS as readonly string[]).includes(member ?? "")
    ? (member as WebhookFormField)
    : null;
}
