import { createMiddleware } from "hono/factory";
import { FerryError } from "../domain/problems";
import { MAX_BODY_BYTES } from "../domain/request-limits";
import { timingSafeEqual } from "../domain/timing-safe-equal";
import { readBodyBytes } from "../http/read-json";
import type { ConsoleHono } from "./console-env";

/**
 * Largest form body: an article as large as the API takes (1 MiB), percent-encoded (up to three bytes each), with
 * room for the other fields.
 */
export const MAX_FORM_BYTES = 3 * MAX_BODY_BYTES + 64 * 1024;
/** The sign-in form holds one token. */
export const MAX_SIGN_IN_FORM_BYTES = 4 * 1024;

const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";

/** A URL-encoded form of at most `limit` bytes in UTF-8; anything else is refused before it is parsed. */
export async function readForm(request: Request, limit: number): Promise<URLSearchParams> {
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== FORM_MEDIA_TYPE) {
    throw new FerryError("unsupported_media_type", `Console forms are sent as ${FORM_MEDIA_TYPE}.`);
  }
  const bytes = await readBodyBytes(request, limit);
  try {
    return new URLSearchParams(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw new FerryError("bad_request", "The form is not valid UTF-8.");
  }
}

/**
 * For every POST behind the session: reads the form once and requires the session's CSRF token in it, so no handler
 * can forget to. A form from another tab of the same session works; a form built anywhere else cannot know it.
 */
export const requireCsrfToken = createMiddleware<ConsoleHono>(async (c, next) => {
  if (c.req.method !== "POST") return next();
  const session = c.get("session");
  const form = await readForm(c.req.raw, MAX_FORM_BYTES);
  if (!session || !timingSafeEqual(form.get("csrf") ?? "", session.csrfToken)) {
    throw new FerryError(
      "forbidden",
      "This form is out of date or was not sent from this console session; reload the page and try again.",
    );
  }
  c.set("form", form);
  await next();
});
