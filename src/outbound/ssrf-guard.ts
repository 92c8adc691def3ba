import type { Env } from "../env";
import { resolvedAddressBlockReason } from "./address-rules";
import { checkUrlRules } from "./destination-rules";
import { resolveHost } from "./doh-resolver";

/**
 * Decides whether a subscriber's URL may be contacted, at subscription time and again right before every
 * request: the URL's own rules (destination-rules.ts), then every address its name resolves to. Callers send
 * to exactly the returned URL and never follow redirects. `retryable` marks a lookup that failed (fail closed,
 * try again later) as opposed to a destination that is refused.
 */
export type CallbackUrlCheck = { ok: true; url: URL } | { ok: false; reason: string; retryable: boolean };

export interface GuardConfig {
  /** Local development: http, any port, literal loopback addresses and `localhost`. */
  allowInsecureLocal: boolean;
  /** DNS-over-HTTPS resolver (JSON API) names are resolved with. */
  dnsResolverUrl: string;
}

export const DEFAULT_DNS_RESOLVER_URL = "https://cloudflare-dns.com/dns-query";

/** The guard's settings from the environment, with production defaults. */
export function readGuardConfig(
  env: Pick<Env, "ALLOW_INSECURE_LOCAL_WEBHOOKS" | "DNS_RESOLVER_URL">,
): GuardConfig {
  return {
    allowInsecureLocal: env.ALLOW_INSECURE_LOCAL_WEBHOOKS === "true",
    dnsResolverUrl: env.DNS_RESOLVER_URL?.trim() || DEFAULT_DNS_RESOLVER_URL,
  };
}

export async function checkCallbackUrl(raw: string, config: GuardConfig): Promise<CallbackUrlCheck> {
  const rules = checkUrlRules(raw, config);
  if (!rules.ok) return { ...rules, retryable: false };
  const host = rules.lookup;
  if (host === null) return { ok: true, url: rules.url };
  const lookup = await resolveHost(host, config.dnsResolverUrl);
  if (!lookup.ok) {
    return { ok: false, reason: `host ${host} could not be resolved: ${lookup.reason}`, retryable: true };
  }
  for (const address of lookup.addresses) {
    const reason = resolvedAddressBlockReason(address);
    if (reason !== null) {
      return { ok: false, reason: `host ${host} resolves to ${address}: ${reason}`, retryable: false };
    }
  }
  return { ok: true, url: rules.url };
}
