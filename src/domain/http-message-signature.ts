import { type BareItem, type DictionaryMember, type Item, parseDictionary } from "./structured-fields";

/**
 * RFC 9421 HTTP Message Signatures, as Fediverse servers have begun to send them: `Signature-Input` names the
 * covered components and parameters (`keyid`, `created`, `alg`), `Signature` holds the bytes, and the signature
 * base is one `"<component>": <value>` line per component then `"@signature-params"`. Only RSASSA-PKCS1-v1_5
 * with SHA-256 (`rsa-v1_5-sha256`, or no `alg` with an RSA key) is verified, as for draft-cavage.
 */

/** What a request must sign: its method, its URI (whole, or as authority and path) and its body's digest. */
const REQUIRED = ["@method", "content-digest"];
const ALGORITHM = "rsa-v1_5-sha256";
export const MAX_SIGNATURE_INPUT_CHARS = 8192;

export interface MessageRequest {
  method: string;
  /** The absolute URL the request was sent to. */
  url: URL;
  header: (name: string) => string | null;
}

export type MessageSignature =
  | { ok: true; keyId: string; createdMs: number; signature: Uint8Array; base: string }
  | { ok: false; reason: string };

/**
 * The first signature of the request whose label appears in both headers and that covers what Ferry requires,
 * with the base it signs; or why there is none.
 */
export function readMessageSignature(request: MessageRequest): MessageSignature {
  const inputs = parseHeader(request.header("signature-input"));
  const signatures = parseHeader(request.header("signature"));
  if (!inputs || !signatures) return { ok: false, reason: "Signature-Input or Signature is malformed." };
  let reason = "No signature in Signature names one in Signature-Input.";
  for (const [label, input] of inputs) {
    const bytes = signatures.get(label)?.value;
    if (!bytes || Array.isArray(bytes) || !(bytes.value instanceof Uint8Array)) continue;
    const read = readInput(request, input);
    if (read.ok) return { ...read, signature: bytes.value };
    reason = read.reason;
  }
  return { ok: false, reason };
}

function parseHeader(value: string | null): Map<string, DictionaryMember> | null {
  return value === null || value.length > MAX_SIGNATURE_INPUT_CHARS ? null : parseDictionary(value);
}

function readInput(
  request: MessageRequest,
  input: DictionaryMember,
): { ok: true; keyId: string; createdMs: number; base: string } | { ok: false; reason: string } {
  if (!Array.isArray(input.value)) return { ok: false, reason: "A Signature-Input member is not a list." };
  const names = input.value.map(componentName);
  if (names.includes(null))
    return { ok: false, reason: "A covered component has parameters Ferry does not read." };
  const covered = names as string[];
  const uri =
    covered.includes("@target-uri") || (covered.includes("@authority") && covered.includes("@path"));
  const missing = REQUIRED.filter((name) => !covered.includes(name));
  if (!uri || missing.length > 0) {
    return {
      ok: false,
      reason: `The signature does not cover ${[...missing, ...(uri ? [] : ["@target-uri"])].join(", ")}.`,
    };
  }
  const keyId = input.params.get("keyid");
  const created = input.params.get("created");
  const alg = input.params.get("alg");
  if (typeof keyId !== "string" || typeof created !== "number") {
    return { ok: false, reason: "The signature has no keyid or created." };
  }
  if (alg !== undefined && alg !== ALGORITHM)
    return { ok: false, reason: `Ferry verifies ${ALGORITHM} only.` };
  const lines: string[] = [];
  for (const name of covered) {
    const value = componentValue(request, name);
    if (value === null) return { ok: false, reason: `The request has no ${name}.` };
    lines.push(`"${name}": ${value}`);
  }
  lines.push(`"@signature-params": ${input.raw}`);
  return { ok: true, keyId, createdMs: created * 1000, base: lines.join("\n") };
}

/** A component's name, or null when it carries parameters (`;sf`, `;req` …) this reader does not apply. */
function componentName(item: Item): string | null {
  return typeof item.value === "string" && item.params.size === 0 ? item.value : null;
}

function componentValue(request: MessageRequest, name: string): string | null {
  const { url } = request;
  switch (name) {
    case "@method":
      return request.method.toUpperCase();
    case "@target-uri":
      return url.href;
    case "@authority":
      return url.host.toLowerCase();
    case "@scheme":
      return url.protocol.slice(0, -1);
    case "@path":
      return url.pathname;
    case "@query":
      return url.search === "" ? "?" : url.search;
    case "@request-target":
      return url.pathname + url.search;
    default:
      return name.startsWith("@") ? null : (request.header(name)?.trim() ?? null);
  }
}

/** Whether a Content-Digest header (RFC 9530) holds `sha256`, the body's SHA-256, as its `sha-256`. */
export function contentDigestMatches(header: string | null, sha256: Uint8Array): boolean {
  const digests = parseHeader(header);
  const value: BareItem | undefined = (digests?.get("sha-256")?.value as Item | undefined)?.value;
  if (!(value instanceof Uint8Array) || value.length !== sha256.length) return false;
  return value.every((byte, i) => byte === sha256[i]);
}
