import { fromBase64, signRsa, toBase64 } from "./rsa-keys";

/**
 * HTTP Signatures as the Fediverse uses them (draft-cavage-http-signatures-12, what Mastodon sends and checks):
 * `Signature: keyId="…",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="…"`, an
 * RSASSA-PKCS1-v1_5 SHA-256 signature over one `name: value` line per listed header. Parsing is a single linear
 * pass over a bounded header, so no input can make it slow.
 */

/** A Signature header longer than this is refused unread: a real one is about 500 characters. */
export const MAX_SIGNATURE_HEADER_CHARS = 8192;
/** What every inbox POST must sign: the method and path, the host, the time, and the body through its digest. */
export const REQUIRED_SIGNED_HEADERS = ["(request-target)", "host", "date", "digest"] as const;
/** `rsa-sha256` names the scheme; `hs2019` leaves it to the key, and every key Ferry reads is RSA. */
const ALGORITHMS = new Set(["rsa-sha256", "hs2019"]);

export interface SignatureParams {
  keyId: string;
  /** Lower-case header names in signing order; `(request-target)` and friends included. */
  headers: string[];
  signature: Uint8Array;
  created: string | null;
  expires: string | null;
}

/** The request parts a signature covers: method, path with query, and header values by lower-case name. */
export interface SignedRequest {
  method: string;
  /** `/path?query`, as sent. */
  target: string;
  header: (name: string) => string | null;
}

/** Reads a Signature header; null when it is malformed, over-long, or names an algorithm Ferry does not verify. */
export function parseSignatureHeader(value: string): SignatureParams | null {
  if (value.length > MAX_SIGNATURE_HEADER_CHARS) return null;
  const params = parseParameters(value);
  if (!params) return null;
  const keyId = params.get("keyid");
  const signature = fromBase64(params.get("signature") ?? "");
  const algorithm = params.get("algorithm")?.toLowerCase();
  if (!keyId || !signature || signature.byteLength === 0) return null;
  if (algorithm !== undefined && !ALGORITHMS.has(algorithm)) return null;
  const headers = (params.get("headers") ?? "date").toLowerCase().split(" ").filter(Boolean);
  return {
    keyId,
    headers,
    signature,
    created: params.get("created") ?? null,
    expires: params.get("expires") ?? null,
  };
}

/** The string a signature covers; null when a listed header is missing from the request. */
export function signingString(
  request: SignedRequest,
  params: Pick<SignatureParams, "headers" | "created" | "expires">,
) {
  const lines: string[] = [];
  for (const name of params.headers) {
    let value: string | null;
    if (name === "(request-target)") value = `${request.method.toLowerCase()} ${request.target}`;
    else if (name === "(created)") value = params.created;
    else if (name === "(expires)") value = params.expires;
    else value = request.header(name);
    if (value === null) return null;
    lines.push(`${name}: ${value}`);
  }
  return lines.join("\n");
}

/** `SHA-256=<base64>`: the Digest header (RFC 3230) of a body. */
export async function digestHeader(body: string | Uint8Array): Promise<string> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return `SHA-256=${toBase64(await crypto.subtle.digest("SHA-256", bytes))}`;
}

/** Whether a Digest header holds the body's SHA-256 (other algorithms in it are ignored; one must be SHA-256). */
export async function digestMatches(header: string, body: Uint8Array): Promise<boolean> {
  const expected = (await digestHeader(body)).slice("SHA-256=".length);
  const sha256 = header
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.slice(0, 8).toLowerCase() === "sha-256=")
    .map((part) => part.slice(8));
  return sha256.length > 0 && sha256.every((value) => value === expected);
}

export interface OutgoingSignature {
  keyId: string;
  privateKey: CryptoKey;
  method: "GET" | "POST";
  url: URL;
  /** The exact bytes of a POST body; null for a GET. */
  body: string | null;
  nowMs: number;
}

/**
 * The headers that sign a request Ferry sends: `date`, `digest` (POST), and `signature` over
 * `(request-target) host date [digest]`. `host` is the URL's, which is what fetch sends.
 */
export async function signOutgoing(input: OutgoingSignature): Promise<Record<string, string>> {
  const headers: Record<string, string> = { host: input.url.host, date: new Date(input.nowMs).toUTCString() };
  if (input.body !== null) headers.digest = await digestHeader(input.body);
  const names = ["(request-target)", ...Object.keys(headers)];
  const text = signingString(
    {
      method: input.method,
      target: input.url.pathname + input.url.search,
      header: (n) => headers[n] ?? null,
    },
    { headers: names, created: null, expires: null },
  ) as string;
  const signature = toBase64(await signRsa(input.privateKey, text));
  const { host: _host, ...sent } = headers;
  return {
    ...sent,
    signature: `keyId="${input.keyId}",algorithm="rsa-sha256",headers="${names.join(" ")}",signature="${signature}"`,
  };
}

/**
 * `name="value"` or `name=token` pairs separated by commas, in one pass. Names are case-insensitive; a repeated
 * name, a pair without `=` or an unterminated quote makes the whole header malformed.
 */
function parseParameters(value: string): Map<string, string> | null {
  const params = new Map<string, string>();
  let i = 0;
  const n = value.length;
  while (i < n) {
    while (i < n && (value[i] === " " || value[i] === "\t" || value[i] === ",")) i++;
    if (i >= n) break;
    const nameStart = i;
    while (i < n && value[i] !== "=" && value[i] !== ",") i++;
    if (value[i] !== "=") return null;
    const name = value.slice(nameStart, i).trim().toLowerCase();
    i++;
    let parsed: string;
    if (value[i] === '"') {
      const parts: string[] = [];
      let from = ++i;
      while (i < n && value[i] !== '"') {
        if (value[i] === "\\" && i + 1 < n) {
          parts.push(value.slice(from, i));
          from = ++i;
        }
        i++;
      }
      if (i >= n) return null;
      parts.push(value.slice(from, i++));
      parsed = parts.join("");
    } else {
      const start = i;
      while (i < n && value[i] !== ",") i++;
      parsed = value.slice(start, i).trim();
    }
    if (name === "" || params.has(name)) return null;
    params.set(name, parsed);
  }
  return params;
}
