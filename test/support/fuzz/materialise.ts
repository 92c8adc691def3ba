import type { BodySpec } from "../../fuzz/arbitraries/bodies";
import type { AuthFormat, FuzzCase, PathMutation, QuerySpec } from "../../fuzz/arbitraries/case";
import { ORIGIN } from "../../fuzz/arbitraries/names";
import { routeNamed, templateParams } from "../../fuzz/arbitraries/routes";
import { bodyBytes, chunked } from "./body-bytes";
import { send } from "./client";
import { decodeSegment, encodeSegment, type FuzzWorld } from "./world";

/** A case made concrete against the running world. */
export interface PreparedCase {
  request: Request;
  method: string;
  url: string;
  /** Path parameters as sent (percent-encoded), before any path mutation. */
  params: Record<string, string>;
}

/** Turns a symbolic case into a Request: pools and credentials looked up, validators fetched, body built. */
export async function prepareCase(world: FuzzWorld, c: FuzzCase): Promise<PreparedCase> {
  const route = routeNamed(c.route);
  const params: Record<string, string> = {};
  let path = route.path;
  for (const name of templateParams(route.path)) {
    const choice = c.params[name];
    params[name] = choice ? world.resolve(name, choice) : "";
    path = path.replace(`{${name}}`, params[name] as string);
  }
  for (const mutation of c.pathMutations) path = mutatePath(path, mutation);
  const url = `${ORIGIN}${path}${queryString(c.query)}`;

  const method = new Request(ORIGIN, { method: c.method }).method;
  const hasBody = method !== "GET" && method !== "HEAD" && c.body.kind !== "none";
  const body = hasBody ? await bodyBytes(c.body) : null;
  const headers = new Headers();
  if (c.credential) {
    const secret = await world.credential(c.credential.who);
    for (const value of authorization(c.credential.format, secret)) headers.append("authorization", value);
  }
  const type = c.contentType === "auto" ? autoContentType(route.body, c.body) : c.contentType;
  if (type !== null && hasBody) headers.set("content-type", type);
  for (const header of c.headers) {
    const value = await headerValue(world, header, { url, params, bodyLength: body?.length ?? 0 });
    if (value !== null) headers.append(header.name, value);
  }
  const stream = c.body.kind === "wrapped" && c.body.wrapping.how === "stream" ? c.body.wrapping.chunks : 0;
  const request = new Request(url, {
    method: c.method,
    headers,
    body: body === null ? null : stream > 0 ? chunked(body, stream) : body,
  });
  return {
    request,
    method,
    url,
    params,
  };
}

const DOCUMENT_TYPES = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
};

function autoContentType(kind: string | undefined, body: BodySpec): string | null {
  if (body.kind === "none") return null;
  if (body.kind === "document") return `${DOCUMENT_TYPES[body.format]}; charset=utf-8`;
  return kind === "hubForm" ? "application/x-www-form-urlencoded" : "application/json; charset=utf-8";
}

function authorization(format: AuthFormat, token: string): string[] {
  switch (format) {
    case "bearer":
      return [`Bearer ${token}`];
    case "lower-scheme":
      return [`bearer ${token}`];
    case "extra-spaces":
      return [`Bearer    ${token}   `];
    case "trailing-tab":
      return [`Bearer ${token}\t`];
    case "basic":
      return [`Basic ${btoa(`user:${token}`)}`];
    case "appended-char":
      return [`Bearer ${token}x`];
    case "truncated":
      return [`Bearer ${token.slice(0, -1)}`];
    case "upper-token":
      return [`Bearer ${token.toUpperCase()}`];
    case "two-tokens":
      return [`Bearer ${token} ${token}`];
    case "token-scheme":
      return [`Token ${token}`];
    case "scheme-only":
      return ["Bearer"];
    case "oversized":
      return [`Bearer ${token}${"a".repeat(600)}`];
    case "control-char":
      return [`Bearer ${token}\u0001`];
    case "two-headers":
      return [`Bearer ${token}`, `Bearer ${token}`];
  }
}

async function headerValue(
  world: FuzzWorld,
  header: FuzzCase["headers"][number],
  at: { url: string; params: Record<string, string>; bodyLength: number },
): Promise<string | null> {
  if ("value" in header) return header.value;
  if (header.name === "idempotency-key") return crypto.randomUUID();
  if (header.name === "content-length")
    return String(Math.max(0, at.bodyLength + (header.symbolic === "longer" ? 1 : -1)));
  const etag =
    at.params.id !== undefined
      ? await world.articleEtag(decodeSegment(at.params.id))
      : await representationEtag(at.url);
  if (header.symbolic === "weak-current") return `W/${etag}`;
  if (header.symbolic === "list-with-current") return `"stale", ${etag}`;
  return etag;
}

/** The ETag a plain GET of `url` answers with right now, or a made-up one. */
async function representationEtag(url: string): Promise<string> {
  const response = await send(new Request(url, { method: "HEAD" }));
  await response.body?.cancel();
  return response.headers.get("etag") ?? '"none"';
}

function queryString(query: QuerySpec): string {
  if ("raw" in query) return `?${query.raw}`;
  if (query.pairs.length === 0) return "";
  const parts = query.pairs.map(
    ({ key, value, raw }) => `${encodeSegment(key)}=${raw ? value : encodeSegment(value)}`,
  );
  return `?${parts.join("&")}`;
}

function mutatePath(path: string, m: PathMutation): string {
  const segments = path.split("/");
  const index = (at: number) => 1 + (at % Math.max(1, segments.length - 1));
  switch (m.op) {
    case "add-trailing-slash":
      return path.endsWith("/") ? path : `${path}/`;
    case "drop-trailing-slash":
      return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    case "double-slash":
      segments.splice(index(m.at), 0, "");
      return segments.join("/");
    case "dot-segment":
      segments.splice(index(m.at), 0, m.segment);
      return segments.join("/");
    case "percent-encode": {
      const i = m.at % path.length;
      const char = path[i] as string;
      if (char === "/" || char === "%" || char.charCodeAt(0) > 0x7e) return path;
      const hex = char.charCodeAt(0).toString(16).padStart(2, "0");
      return `${path.slice(0, i)}%${m.lowerHex ? hex : hex.toUpperCase()}${path.slice(i + 1)}`;
    }
    case "upper-case":
      return path.toUpperCase();
    case "replace-segment":
      segments[index(m.at)] = m.raw ? m.text : encodeSegment(m.text);
      return segments.join("/");
    case "append-segment":
      return `${path.endsWith("/") ? path : `${path}/`}${m.raw ? m.text : encodeSegment(m.text)}`;
    case "drop-last-segment":
      return segments.length > 2 ? segments.slice(0, -1).join("/") : path;
  }
}
