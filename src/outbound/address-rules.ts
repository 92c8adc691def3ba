/** Which IP addresses Ferry never sends to: the same rules judge URL literals and every address DNS returns. */

import { parseIpv4, parseIpv6 } from "./ip-address";

interface Cidr {
  net: bigint;
  bits: number;
  reason: string;
}

const IPV4_LOOPBACK: Cidr = cidr4("127.0.0.0/8", "loopback address");

// Special-purpose ranges (IANA registry) that no subscriber endpoint legitimately lives in.
const BLOCKED_IPV4: readonly Cidr[] = [
  cidr4("0.0.0.0/8", "'this network' address"),
  cidr4("10.0.0.0/8", "private address (RFC 1918)"),
  cidr4("100.64.0.0/10", "carrier-grade NAT address (RFC 6598)"),
  cidr4("169.254.0.0/16", "link-local or cloud metadata address"),
  cidr4("172.16.0.0/12", "private address (RFC 1918)"),
  cidr4("192.0.0.0/24", "IETF protocol assignment"),
  cidr4("192.0.2.0/24", "documentation address (TEST-NET-1)"),
  cidr4("192.88.99.0/24", "6to4 relay anycast address"),
  cidr4("192.168.0.0/16", "private address (RFC 1918)"),
  cidr4("198.18.0.0/15", "benchmarking address"),
  cidr4("198.51.100.0/24", "documentation address (TEST-NET-2)"),
  cidr4("203.0.113.0/24", "documentation address (TEST-NET-3)"),
  cidr4("224.0.0.0/4", "multicast address"),
  cidr4("240.0.0.0/4", "reserved or broadcast address"),
];

// Checked after the forms that embed an IPv4 address; anything outside 2000::/3 is refused afterwards.
const BLOCKED_IPV6: readonly Cidr[] = [
  cidr6("64:ff9b:1::/48", "local-use NAT64 address"),
  cidr6("100::/64", "discard-only address"),
  cidr6("2001::/23", "IETF protocol assignment (incl. Teredo)"),
  cidr6("2001:db8::/32", "documentation address"),
  cidr6("3fff::/20", "documentation address"),
  cidr6("fc00::/7", "unique local address"),
  cidr6("fe80::/10", "link-local address"),
  cidr6("fec0::/10", "site-local address"),
  cidr6("ff00::/8", "multicast address"),
];

const GLOBAL_UNICAST_V6 = cidr6("2000::/3", "");
const IPV4_MAPPED = cidr6("::ffff:0:0/96", "");
const IPV4_TRANSLATED = cidr6("::ffff:0:0:0/96", "");
const IPV4_COMPATIBLE = cidr6("::/96", "");
const NAT64 = cidr6("64:ff9b::/96", "");
const SIX_TO_FOUR = cidr6("2002::/16", "");

/** Why an IPv4 address is refused, or null; loopback passes only when `allowLoopback`. */
export function ipv4BlockReason(addr: bigint, allowLoopback: boolean): string | null {
  if (inCidr(addr, IPV4_LOOPBACK, 32)) return allowLoopback ? null : IPV4_LOOPBACK.reason;
  return BLOCKED_IPV4.find((c) => inCidr(addr, c, 32))?.reason ?? null;
}

/** Why an IPv6 address is refused, or null, looking through every form that embeds an IPv4 address. */
export function ipv6BlockReason(addr: bigint, allowLoopback: boolean): string | null {
  const low32 = addr & 0xffffffffn;
  const embedded = (label: string, v4: bigint, loopbackOk: boolean): string | null => {
    const r = ipv4BlockReason(v4, loopbackOk);
    return r === null ? null : `${label} ${r}`;
  };
  if (addr === 0n) return "unspecified address";
  if (addr === 1n) return allowLoopback ? null : "loopback address";
  if (inCidr(addr, IPV4_MAPPED, 128)) return embedded("IPv4-mapped", low32, allowLoopback);
  if (inCidr(addr, IPV4_TRANSLATED, 128)) return embedded("IPv4-translated", low32, false);
  if (inCidr(addr, IPV4_COMPATIBLE, 128)) return "deprecated IPv4-compatible address";
  if (inCidr(addr, NAT64, 128)) return embedded("NAT64", low32, false);
  if (inCidr(addr, SIX_TO_FOUR, 128)) return embedded("6to4", (addr >> 80n) & 0xffffffffn, false);
  const blocked = BLOCKED_IPV6.find((c) => inCidr(addr, c, 128));
  if (blocked) return blocked.reason;
  return inCidr(addr, GLOBAL_UNICAST_V6, 128) ? null : "not a global unicast address";
}

/**
 * Why an address a DNS answer gave is refused, or null. Loopback is refused even in local development: only a
 * literal loopback URL is a local receiver, a name that resolves there is the shape of a rebinding attack.
 */
export function resolvedAddressBlockReason(address: string): string | null {
  if (address.includes(":")) {
    const v6 = parseIpv6(address);
    return v6 === null ? "malformed IPv6 address" : ipv6BlockReason(v6, false);
  }
  const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(address) ? parseIpv4(address) : null;
  return v4 === null ? "malformed IPv4 address" : ipv4BlockReason(v4, false);
}

function inCidr(addr: bigint, range: Cidr, width: 32 | 128): boolean {
  const shift = BigInt(width - range.bits);
  return addr >> shift === range.net >> shift;
}

function cidr4(text: string, reason: string): Cidr {
  return makeCidr(text, reason, parseIpv4);
}

function cidr6(text: string, reason: string): Cidr {
  return makeCidr(text, reason, parseIpv6);
}

function makeCidr(text: string, reason: string, parse: (s: string) => bigint | null): Cidr {
  const [addr = "", bits = ""] = text.split("/");
  const net = parse(addr);
  if (net === null) throw new Error(`bad CIDR constant ${text}`);
  return { net, bits: Number(bits), reason };
}
