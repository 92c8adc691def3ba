import { env, SELF } from "cloudflare:test";
import { expect } from "vitest";
import type { ImportResult } from "../../src/domain/api-schemas";
import { ORIGIN } from "./seed";

/** Sends a feed document to `POST /v1/feeds/:feed/import` as it is, with the given media type. */
export function postImport(
  slug: string,
  token: string,
  body: string | Uint8Array,
  contentType = "application/rss+xml",
  headers: Record<string, string> = {},
): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/v1/feeds/${slug}/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": contentType, ...headers },
    body,
  });
}

/** Imports a document and returns the summary, failing the test on anything but 200. */
export async function importOk(
  slug: string,
  token: string,
  body: string | Uint8Array,
  contentType = "application/rss+xml",
): Promise<ImportResult> {
  const response = await postImport(slug, token, body, contentType);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as ImportResult;
}

/** Outbox events of a feed, whatever their type: imports must create none. */
export async function countEvents(slug: string): Promise<number> {
  const row = await env.DB.prepare(
    "SELECT count(*) AS n FROM events e JOIN feeds f ON f.id = e.feed_id WHERE f.slug = ?",
  )
    .bind(slug)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** A text whose characters are all Latin-1 as windows-1252 bytes (they agree outside 0x80–0x9F). */
export function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => {
    const code = char.charCodeAt(0);
    if (code > 0xff || (code >= 0x80 && code <= 0x9f)) throw new RangeError(`not Latin-1: ${char}`);
    return code;
  });
}
