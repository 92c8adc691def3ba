import { env } from "cloudflare:test";
import type { FakeDnsEntry } from "./node-servers";

// The fake resolver (test/node/fake-doh.ts) is controlled on the same origin it answers DNS queries on.
const control = (path: string) => new URL(path, env.DNS_RESOLVER_URL as string).href;

/** A name no other test uses, under the reserved `.test` TLD (RFC 6761). */
export function uniqueName(label: string): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}.test`;
}

/** Sets (replaces) what the fake resolver answers for each name. */
export async function setDnsRecords(records: Record<string, FakeDnsEntry>): Promise<void> {
  const response = await fetch(control("/records"), { method: "POST", body: JSON.stringify(records) });
  if (response.status !== 204) throw new Error(`fake resolver refused the records: ${response.status}`);
}

/** How many DoH queries (A and AAAA together) the fake resolver has answered for `name`. */
export async function dnsQueryCount(name: string): Promise<number> {
  const response = await fetch(control(`/queries/${encodeURIComponent(name)}`));
  return ((await response.json()) as { count: number }).count;
}
