import { jsonNestingDepth, MAX_JSON_DEPTH } from "../domain/json-depth";
import { readBoundedText } from "./bounded-read";
import { checkCallbackUrl, type GuardConfig } from "./ssrf-guard";

/** An actor document is a few KiB; one past this is not read further. */
export const MAX_ACTIVITY_DOCUMENT_BYTES = 128 * 1024;
export const ACTIVITY_FETCH_TIMEOUT_MS = 5_000;
const ACCEPT =
  'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

export type FetchedDocument = { ok: true; url: URL; value: unknown } | { ok: false; reason: string };

/**
 * GETs an ActivityPub document from another server the way Ferry sends anything: the URL through the SSRF guard
 * (its name resolved and every address checked), redirects never followed, a timeout, and at most
 * MAX_ACTIVITY_DOCUMENT_BYTES read. `sign` adds the headers of a signed fetch, for servers that require one.
 */
export async function fetchActivityDocument(
  raw: string,
  guard: GuardConfig,
  sign: (url: URL) => Promise<Record<string, string>>,
): Promise<FetchedDocument> {
  const target = await checkCallbackUrl(raw, guard);
  if (!target.ok) return { ok: false, reason: `${raw} cannot be fetched: ${target.reason}` };
  try {
    const response = await fetch(target.url.href, {
      headers: { accept: ACCEPT, "user-agent": "Ferry/1.0 (+activitypub)", ...(await sign(target.url)) },
      redirect: "manual",
      signal: AbortSignal.timeout(ACTIVITY_FETCH_TIMEOUT_MS),
    });
    const body = await readBoundedText(response, MAX_ACTIVITY_DOCUMENT_BYTES);
    if (response.status !== 200) return { ok: false, reason: `${raw} answered ${response.status}` };
    if (body.truncated) return { ok: false, reason: `${raw} is over ${MAX_ACTIVITY_DOCUMENT_BYTES} bytes` };
    if (jsonNestingDepth(body.text) > MAX_JSON_DEPTH) return { ok: false, reason: `${raw} nests too deeply` };
    return { ok: true, url: target.url, value: JSON.parse(body.text) };
  } catch (error) {
    const reason = error instanceof SyntaxError ? "is not JSON" : `failed: ${String(error).slice(0, 200)}`;
    return { ok: false, reason: `${raw} ${reason}` };
  }
}
