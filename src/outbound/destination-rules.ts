import { ipv4BlockReason, ipv6BlockReason } from "./address-rules";
import { parseIpv4, parseIpv6 } from "./ip-address";

/**
 * What a subscriber's URL must be, judged from the URL alone (pure): scheme, no credentials, port, and a host
 * that is a public address literal or a name. A name still has to be resolved (see ssrf-guard.ts).
 */
export type UrlRulesCheck =
  | {
      ok: true;
      url: URL;
      /** The name to resolve; null for an address literal or local `localhost`. */
      lookup: string | null;
    }
  | { ok: false; reason: string };

// "" is the scheme's default port, 443 for https (the only scheme outside local development).
const ALLOWED_PORTS = new Set(["", "443", "8443"]);

// Names that only ever resolve inside a private network (RFC 6761, RFC 6762, RFC 8375, cloud DNS).
const PRIVATE_NAME_SUFFIXES = ["localhost", "local", "internal", "home.arpa"];

type HostVerdict = { reason: string } | { lookup: string | null };

export function checkUrlRules(raw: string, opts: { allowInsecureLocal: boolean }): UrlRulesCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not an absolute URL" };
  }
  const local = opts.allowInsecureLocal;
  const schemeOk = url.protocol === "https:" || (local && url.protocol === "http:");
  if (!schemeOk) return { ok: false, reason: `scheme ${url.protocol} is not allowed; use https` };
  if (url.username !== "" || url.password !== "") {
    return { ok: false, reason: "credentials in the URL are not allowed" };
  }
  if (!local && !ALLOWED_PORTS.has(url.port)) {
    return { ok: false, reason: `port ${url.port} is not allowed; use 443 or 8443` };
  }
  const verdict = judgeHost(url.hostname.toLowerCase(), local);
  return "reason" in verdict
    ? { ok: false, reason: `host ${url.hostname}: ${verdict.reason}` }
    : { ok: true, url, lookup: verdict.lookup };
}

function judgeHost(host: string, allowLoopback: boolean): HostVerdict {
  const refuse = (reason: string | null): HostVerdict => (reason === null ? { lookup: null } : { reason });
  if (host === "") return { reason: "empty host" };
  if (host.startsWith("[")) {
    const v6 = parseIpv6(host.slice(1, -1));
    return refuse(v6 === null ? "malformed IPv6 address" : ipv6BlockReason(v6, allowLoopback));
  }
  // WHATWG URL treats a host whose last label is numeric as IPv4; re-parse in case it did not normalise.
  const lastLabel = host.replace(/\.$/, "").split(".").pop() ?? "";
  if (/^(0x[0-9a-f]*|\d+)$/.test(lastLabel)) {
    const v4 = parseIpv4(host);
    return refuse(v4 === null ? "malformed numeric address" : ipv4BlockReason(v4, allowLoopback));
  }
  if (host.endsWith(".")) return { reason: "trailing dot is not allowed" };
  if (host === "localhost") return allowLoopback ? { lookup: null } : { reason: "loopback name" };
  if (PRIVATE_NAME_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`)))
    return { reason: "private name" };
  if (!host.includes(".")) return { reason: "single-label name" };
  return { lookup: host };
}
