import { SELF } from "cloudflare:test";
import { Validator } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { drained } from "./support/drain";
import { api, expectProblem } from "./support/http";
import { receivedBy } from "./support/receiver";
import { createToken, feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";
import { subscribe, verifyDelivery } from "./support/webhooks";

/** What a subscriber can be sent, as the README lists it; `websub.publish` is internal. */
const WEBHOOK_EVENTS = ["article.published", "article.updated", "article.deleted", "webhook.test"];

interface Catalogue {
  items: { name: string; description: string; schema: Record<string, unknown> }[];
}

async function readCatalogue(): Promise<Catalogue> {
  const response = await api("/v1/event-types", { token: await createToken({ role: "read" }) });
  expect(response.status).toBe(200);
  return (await response.json()) as Catalogue;
}

/** One validator per event type, built by an independent JSON Schema implementation from what the API publishes. */
async function validatorsByType(): Promise<Map<string, Validator>> {
  const { items } = await readCatalogue();
  return new Map(items.map((entry) => [entry.name, new Validator(entry.schema, "2020-12", false)]));
}

function errorsOf(validator: Validator | undefined, payload: unknown): string[] {
  if (!validator) return ["no schema for this type"];
  const { valid, errors } = validator.validate(payload);
  return valid ? [] : errors.map((e) => `${e.instanceLocation} ${e.error}`);
}

/** Every optional member of an article filled in, so its delivered form exercises the whole schema. */
const FULL_ARTICLE = {
  ...SAMPLE_ARTICLE,
  external_url: "https://elsewhere.example.com/wong",
  image: "https://news.example.com/wong.jpg",
  banner_image: "https://news.example.com/wong-wide.jpg",
  language: "en",
  content_text: "Alibaba is making a movie.",
  authors: [
    {
      name: "News Desk",
      url: "https://news.example.com/desk",
      email: "desk@example.com",
      avatar: "https://news.example.com/desk.png",
    },
  ],
  attachments: [
    {
      url: "https://news.example.com/wong.mp3",
      mime_type: "audio/mpeg",
      title: "Interview",
      size_in_bytes: 1234,
      duration_in_seconds: 61.5,
    },
  ],
  date_modified: "2015-01-13T08:00:00Z",
};

describe("GET /v1/event-types", () => {
  it("needs a token", async () => {
    const response = await SELF.fetch(`${ORIGIN}/v1/event-types`);
    await expectProblem(response, 401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("lists every event type a webhook endpoint can receive, each described with a 2020-12 schema", async () => {
    const { items: data } = await readCatalogue();
    expect(data.map((entry) => entry.name)).toEqual(WEBHOOK_EVENTS);
    for (const { name, description, schema } of data) {
      expect(description.length, name).toBeGreaterThan(20);
      expect(schema.$schema, name).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(JSON.stringify(schema), `${name} is self-contained`).not.toContain("$ref");
    }
  });

  it("answers a request that still holds its ETag with 304", async () => {
    const token = await createToken({ role: "read" });
    const first = await api("/v1/event-types", { token });
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toMatch(/^private, max-age=\d+$/);
    await first.body?.cancel();
    const again = await api("/v1/event-types", { token, headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
    const stale = await api("/v1/event-types", { token, headers: { "if-none-match": '"elsewhere"' } });
    expect(stale.status).toBe(200);
    await stale.body?.cancel();
  });
});

describe("the published schemas", () => {
  it("accept every body Ferry really delivers, of every type in the catalogue", async () => {
    const validators = await validatorsByType();
    const { slug, token } = await feedWithToken();
    const { endpoint, secret, receiverId } = await subscribe(slug, token);
    const article = (await (
      await api(`/v1/feeds/${slug}/articles`, { token, body: FULL_ARTICLE })
    ).json()) as {
      id: string;
    };
    const patched = await api(`/v1/feeds/${slug}/articles/${article.id}`, {
      method: "PATCH",
      token,
      body: { title: "The Ferryman", tags: ["film"] },
    });
    expect(patched.status).toBe(200);
    const deleted = await api(`/v1/feeds/${slug}/articles/${article.id}`, { method: "DELETE", token });
    expect(deleted.status).toBe(204);
    const ping = await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}/test`, { method: "POST", token });
    expect(ping.status).toBe(202);
    await drained(slug);

    const payloads = (await receivedBy(receiverId)).map((request) => verifyDelivery(request, secret));
    expect(payloads.map((p) => p.type).sort()).toEqual([...WEBHOOK_EVENTS].sort());
    for (const payload of payloads) {
      expect(errorsOf(validators.get(payload.type), payload), payload.type).toEqual([]);
    }
    const published = payloads.find((p) => p.type === "article.published");
    expect(published?.data).toMatchObject({ attachments: [{ duration_in_seconds: 61.5 }], language: "en" });
  });

  it("refuse bodies of the wrong shape", async () => {
    const validators = await validatorsByType();
    const article = {
      id: "6f1c2b8e-4a59-4d7e-9a3b-2c1d0e9f8a7b",
      feed: "news",
      title: "The Ferryman",
      authors: [],
      tags: [],
      attachments: [],
      date_published: "2015-01-12T15:30:00Z",
      created_at: "2015-01-12T15:30:00Z",
      updated_at: "2015-01-12T15:30:00Z",
    };
    const published = { type: "article.published", timestamp: "2015-01-12T15:30:00Z", data: article };
    const check = (type: string, payload: unknown) => errorsOf(validators.get(type), payload);
    expect(check("article.published", published)).toEqual([]);
    expect(check("article.published", { ...published, data: { ...article, title: 42 } })).not.toEqual([]);
    expect(check("article.published", { ...published, data: { ...article, url: "not a url" } })).not.toEqual(
      [],
    );
    expect(check("article.published", { type: published.type, data: article })).not.toEqual([]);
    expect(check("article.updated", published)).not.toEqual([]);
    // A tombstone always says when the article was deleted.
    expect(check("article.deleted", { ...published, type: "article.deleted" })).not.toEqual([]);
    expect(
      check("article.deleted", {
        ...published,
        type: "article.deleted",
        data: { ...article, deleted_at: "2015-01-13T08:00:00Z" },
      }),
    ).toEqual([]);
    const ping = { endpoint_id: "ep_0123456789abcdef01234567", feed: "news", message: "Test." };
    expect(
      check("webhook.test", { type: "webhook.test", timestamp: published.timestamp, data: ping }),
    ).toEqual([]);
    expect(
      check("webhook.test", {
        type: "webhook.test",
        timestamp: published.timestamp,
        data: { ...ping, feed: 1 },
      }),
    ).not.toEqual([]);
  });
});
