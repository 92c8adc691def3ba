import * as v from "valibot";

/**
 * Reads DNS-over-HTTPS JSON answers (the API of cloudflare-dns.com and dns.google): status, CNAME chain,
 * addresses and TTL. Pure, so every rule is unit-tested without a resolver.
 */
export type AddressType = "A" | "AAAA";

/** Addresses of a name (an empty list is a NODATA answer) and how many seconds they may be reused. */
export type DnsLookup = { ok: true; addresses: string[]; ttlSeconds: number } | { ok: false; reason: string };

/** Aliases followed from the asked name; a longer chain (or a loop) is refused. */
export const MAX_CNAME_CHAIN = 8;

const TYPE_CODES: Record<AddressType, number> = { A: 1, AAAA: 28 };
const CNAME = 5;
const RCODES: Record<number, string> = {
  1: "FORMERR",
  2: "SERVFAIL",
  3: "NXDOMAIN",
  4: "NOTIMP",
  5: "REFUSED",
};

const DohRecord = v.object({ name: v.string(), type: v.number(), TTL: v.number(), data: v.string() });
const DohAnswer = v.object({ Status: v.number(), Answer: v.optional(v.array(DohRecord)) });

/** One query's answer for `name`: the records of `type` held by the name or any alias it leads to. */
export function readDohAnswer(name: string, type: AddressType, json: unknown): DnsLookup {
  const parsed = v.safeParse(DohAnswer, json);
  if (!parsed.success) return { ok: false, reason: "the resolver's answer is not DNS JSON" };
  const { Status, Answer = [] } = parsed.output;
  if (Status !== 0)
    return { ok: false, reason: `the resolver answered ${RCODES[Status] ?? `rcode ${Status}`}` };
  const records = Answer.map((r) => ({ ...r, name: normaliseName(r.name) }));
  const chain = [normaliseName(name)];
  let ttl = Number.POSITIVE_INFINITY;
  for (;;) {
    const owner = chain[chain.length - 1];
    const alias = records.find((r) => r.type === CNAME && r.name === owner);
    if (!alias) break;
    if (chain.length > MAX_CNAME_CHAIN)
      return { ok: false, reason: `more than ${MAX_CNAME_CHAIN} CNAMEs in a row` };
    ttl = Math.min(ttl, alias.TTL);
    chain.push(normaliseName(alias.data));
  }
  const found = records.filter((r) => r.type === TYPE_CODES[type] && chain.includes(r.name));
  for (const record of found) ttl = Math.min(ttl, record.TTL);
  return { ok: true, addresses: found.map((r) => r.data.trim()), ttlSeconds: Math.max(0, ttl) };
}

/** The A and AAAA answers together: any failure fails the whole, and a name needs at least one address. */
export function combineLookups(lookups: readonly DnsLookup[]): DnsLookup {
  const failed = lookups.find((l) => !l.ok);
  if (failed) return failed;
  const ok = lookups.filter((l) => l.ok);
  const addresses = ok.flatMap((l) => l.addresses);
  if (addresses.length === 0) return { ok: false, reason: "the name has no A or AAAA records" };
  return { ok: true, addresses, ttlSeconds: Math.min(...ok.map((l) => l.ttlSeconds)) };
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}
