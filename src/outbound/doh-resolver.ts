import { readBoundedText } from "./bounded-read";
import { type AddressType, combineLookups, type DnsLookup, readDohAnswer } from "./dns-answer";
import { TtlCache } from "./ttl-cache";

/** A DoH answer is a few hundred bytes; anything past this is not one worth reading. */
export const DOH_ANSWER_BYTES = 64 * 1024;
const DOH_TIMEOUT_MS = 5_000;
/** Bounds on what one isolate remembers: a subscriber's TTL is trusted up to five minutes. */
const CACHE_ENTRIES = 1_000;
const CACHE_MAX_TTL_MS = 300_000;

// Successful lookups only: a failure is asked again on the next attempt, which the retry policy spaces out.
// Answers (plain data) are shared across requests; a pending lookup is not, since Workers ties it to its request.
const cache = new TtlCache<DnsLookup>(CACHE_ENTRIES, CACHE_MAX_TTL_MS);

/**
 * Every A and AAAA address of `host`, asked of the DNS-over-HTTPS resolver at `resolverUrl` (JSON API) and
 * cached for the answer's TTL. Any failure (resolver down, SERVFAIL, NXDOMAIN, no address) is a failed lookup.
 */
export async function resolveHost(host: string, resolverUrl: string, nowMs = Date.now()): Promise<DnsLookup> {
  const cached = cache.get(host, nowMs);
  if (cached) return cached;
  const lookup = combineLookups(
    await Promise.all([queryResolver(host, "A", resolverUrl), queryResolver(host, "AAAA", resolverUrl)]),
  );
  if (lookup.ok) cache.set(host, lookup, lookup.ttlSeconds * 1000, nowMs);
  return lookup;
}

async function queryResolver(host: string, type: AddressType, resolverUrl: string): Promise<DnsLookup> {
  try {
    const url = new URL(resolverUrl);
    url.searchParams.set("name", host);
    url.searchParams.set("type", type);
    const response = await fetch(url, {
      headers: { accept: "application/dns-json" },
      redirect: "manual",
      signal: AbortSignal.timeout(DOH_TIMEOUT_MS),
    });
    const body = await readBoundedText(response, DOH_ANSWER_BYTES);
    if (!response.ok) return { ok: false, reason: `the resolver answered HTTP ${response.status}` };
    if (body.truncated)
      return { ok: false, reason: `the resolver's answer is over ${DOH_ANSWER_BYTES} bytes` };
    return readDohAnswer(host, type, JSON.parse(body.text));
  } catch (error) {
    const reason =
      error instanceof SyntaxError ? "the resolver's answer is not JSON" : String(error).slice(0, 200);
    return { ok: false, reason: `the resolver failed: ${reason}` };
  }
}
