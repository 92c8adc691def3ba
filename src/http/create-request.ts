import type { Context } from "hono";
import type { FerryHono } from "./hono-env";
import { readIdempotencyKey } from "./idempotency";

/**
 * Reads a JSON `POST` that creates something: the input its declaration's schema validated, and the request as
 * `commitIdempotently` identifies it (token, Idempotency-Key, method, path, exact body). The key is read first,
 * so a malformed one is refused before the body is read.
 */
export async function readCreateRequest<T>(
  c: Context<FerryHono>,
  readBody: () => Promise<{ input: T; text: string }>,
) {
  const key = readIdempotencyKey(c.req.raw);
  const { input, text } = await readBody();
  const request = {
    tokenRowId: c.get("grant").tokenRowId,
    key,
    method: c.req.method,
    path: c.req.path,
    body: text,
  };
  return { input, request };
}
