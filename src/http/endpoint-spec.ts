import type * as v from "valibot";
import type { TokenRole } from "../domain/tokens";
import type { RequestSchemaName, SchemaName } from "./openapi-components";
import type { HttpMethod } from "./openapi-types";

/** Component headers a success response can carry; feeds and pages carry the representation ones. */
export type ResponseHeaderName =
  | "Location"
  | "ETag"
  | "Link"
  | "RepresentationETag"
  | "LastModified"
  | "CacheControl"
  | "Vary"
  | "RepresentationLink"
  | "ContentLocation";

/**
 * Everything said about one endpoint, once: routing, validation, authorization, the 405 answers of its path,
 * the OpenAPI document, the docs page and the fuzzers' route table are all derived from it.
 */
export interface EndpointSpec {
  method: HttpMethod;
  /** OpenAPI path template; each `{name}` is a path parameter (`:name` to the router). */
  path: string;
  operationId: string;
  summary: string;
  tag:
    | "Articles"
    | "Feeds"
    | "Tokens"
    | "Webhooks"
    | "WebSub"
    | "Public feeds"
    | "Fediverse"
    | "Operations"
    | "Documentation";
  /**
   * The token role needed, or null for the public, unauthenticated routes. On a path with `{feed}` the role is
   * checked against that feed before anything else about the request.
   */
  role: TokenRole | null;
  /**
   * Also takes the token as the password of HTTP Basic credentials (`tokenAuth` in auth.ts), for feed readers
   * that can send nothing else; a 401 then challenges for both schemes.
   */
  basicAuth?: boolean;
  /** What a reader needs to know beyond the summary and the role. */
  description?: string;
  /** Path parameters checked against a schema (a malformed one is a 400 naming it); the others arrive as text. */
  params?: Readonly<Record<string, v.GenericSchema<string, unknown>>>;
  /** The query parameters, each documented by the component parameter of its name. */
  query?: v.ObjectSchema<v.ObjectEntries, undefined>;
  /**
   * A JSON body; `mergePatch` also documents `application/merge-patch+json` (RFC 7396). Or a document that is
   * not described by a schema (a feed to import), sent as any of `mediaTypes`.
   */
  body?: { schema: RequestSchemaName; mergePatch?: boolean } | { mediaTypes: readonly string[] };
  /** Honours `If-Match` with an ETag from a previous GET. */
  ifMatch?: boolean;
  /** Answers `If-None-Match` / `If-Modified-Since` with 304 (the public feeds, pages and lists). */
  conditional?: boolean;
  /** A POST that ignores `Idempotency-Key` because retrying it is already safe (a rotation). */
  noIdempotencyKey?: boolean;
  ok: {
    status: 200 | 201 | 202 | 204;
    description: string;
    schema?: SchemaName;
    /** Bodies not described by a schema (feeds, pages, documents): one media type, or several to negotiate. */
    mediaTypes?: readonly string[];
    headers?: readonly ResponseHeaderName[];
  };
  /** Error statuses the operation can answer with, each as problem+json. */
  problems: readonly number[];
}

/** The `{name}` parameters of a path template, as a union of names. */
export type PathParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParamNames<Rest>
  : never;

/** The `{name}` parameters of a path template, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}
