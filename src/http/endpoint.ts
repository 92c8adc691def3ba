import { type Context, Hono } from "hono";
import type * as v from "valibot";
import type { Feed } from "../domain/feed";
import { authorizeFeed, requireRole } from "./auth";
import type { EndpointSpec, PathParamNames } from "./endpoint-spec";
import { readOnlyFallback } from "./feed-headers";
import type { FerryHono } from "./hono-env";
import { methodNotAllowed } from "./method-not-allowed";
import { REQUEST_SCHEMAS } from "./openapi-components";
import { readJsonBody } from "./read-json";
import { parseOrThrow, parseParametersOrThrow, parsePathParameter } from "./validate";

type Output<S> = S extends v.GenericSchema ? v.InferOutput<S> : never;
type BodyOutput<S extends EndpointSpec> = S["body"] extends {
  schema: infer N extends keyof typeof REQUEST_SCHEMAS;
}
  ? v.InferOutput<(typeof REQUEST_SCHEMAS)[N]>
  : never;
type ParamOutput<S extends EndpointSpec, K extends string> =
  S["params"] extends Record<K, infer P> ? Output<P> : string;

/**
 * What a handler gets besides the context, read as its declaration says. Only the feed is read before the
 * handler runs; parameters, query and body are checked when the handler asks, so that a handler keeps the order
 * in which problems are found (a missing article is a 404 before its body is a 422).
 */
export interface EndpointRequest<S extends EndpointSpec> {
  /** The feed named in the path, already authorized for the declared role. */
  feed: S["role"] extends null ? undefined : "feed" extends PathParamNames<S["path"]> ? Feed : undefined;
  param<K extends PathParamNames<S["path"]>>(name: K): ParamOutput<S, K>;
  query(): Output<S["query"]>;
  /** The JSON body, checked against the declared schema; `value` is as sent, `text` its exact bytes. */
  body(): Promise<{ input: BodyOutput<S>; value: unknown; text: string }>;
}

export type EndpointHandler<S extends EndpointSpec> = (
  c: Context<FerryHono>,
  request: EndpointRequest<S>,
) => Response | Promise<Response>;

/** An OpenAPI path template below `mount`, as the router spells it (`{id}` → `:id`). */
function routerPath(mount: string, path: string): string {
  if (!path.startsWith(mount)) throw new Error(`${path} is not below ${mount}`);
  return (path.slice(mount.length) || "/").replace(/\{(\w+)\}/g, ":$1");
}

const METHOD_ORDER = ["get", "post", "put", "patch", "delete"] as const;

/**
 * One resource's sub-app, mounted at `mount`, built from endpoint declarations. Call `routes()` once every
 * endpoint is declared: it adds each path's answer to the other methods and returns the sub-app.
 */
export class Resource {
  readonly app = new Hono<FerryHono>();
  readonly endpoints: EndpointSpec[] = [];

  constructor(private readonly mount: string) {}

  endpoint<const S extends EndpointSpec>(spec: S, handler: EndpointHandler<S>): void {
    this.endpoints.push(spec);
    this.app.on(spec.method.toUpperCase(), routerPath(this.mount, spec.path), async (c) =>
      handler(c, await readRequest(c, spec)),
    );
  }

  /** 405 with `Allow` (and OPTIONS) for each declared path, from the methods declared for it. */
  routes(): Hono<FerryHono> {
    const byPath = new Map<string, EndpointSpec[]>();
    for (const spec of this.endpoints) byPath.set(spec.path, [...(byPath.get(spec.path) ?? []), spec]);
    for (const [path, specs] of byPath) {
      // Public reads answer OPTIONS as a CORS preflight: any origin may poll a feed.
      const fallback = specs.every((spec) => spec.conditional)
        ? readOnlyFallback
        : methodNotAllowed(
            METHOD_ORDER.filter((m) => specs.some((spec) => spec.method === m)).map((m) => m.toUpperCase()),
          );
      this.app.all(routerPath(this.mount, path), fallback);
    }
    return this.app;
  }
}

async function readRequest<S extends EndpointSpec>(
  c: Context<FerryHono>,
  spec: S,
): Promise<EndpointRequest<S>> {
  let feed: Feed | undefined;
  if (spec.role !== null) {
    if (spec.path.includes("{feed}")) feed = await authorizeFeed(c, c.req.param("feed") ?? "", spec.role);
    else requireRole(c.get("grant"), spec.role);
  }
  const param = (name: string) => {
    const raw = c.req.param(name) ?? "";
    const schema = spec.params?.[name];
    return schema ? parsePathParameter(name, schema, raw) : raw;
  };
  const query = () => (spec.query ? parseParametersOrThrow(spec.query, c.req.query(), "query") : undefined);
  const body = async () => {
    const { value, text } = await readJsonBody(c.req.raw);
    const declared = spec.body && "schema" in spec.body ? REQUEST_SCHEMAS[spec.body.schema] : undefined;
    return { input: declared ? parseOrThrow(declared, value) : undefined, value, text };
  };
  return { feed, param, query, body } as EndpointRequest<S>;
}
