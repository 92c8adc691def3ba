import type { Context } from "hono";
import type * as v from "valibot";
import type { FerryHono } from "./hono-env";
import { readIdempotencyKey } from "./idempotency";
import { readJsonBody } from "./read-json";
import { parseOrThrow } from "./validate";

/**
 * Reads a JSON `POST` that creates something: the validated input, and the request as
 * `commitIdempotently` identifies it (token, Idempotency-Key, method, path, exact body).
 */
export async function readCreateRequest<S extends v.GenericSchema>(c: Context<FerryHono>, schema: S) {
  const key = readIdempotencyKey(c.req.raw);
  const body = await readJsonBody(c.req.raw);
  const input: v.InferOutput<S> = parseOrThrow(schema, body.value);
  const request = {
    tokenRowId: c.get("grant").tokenRowId,
    key,
    method: c.req.method,
    path: c.req.path,
    body: body.text,
  };
  return { input, request };
}
