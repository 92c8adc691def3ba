import { createMiddleware } from "hono/factory";
import { FerryError } from "../domain/problems";
import { MAX_BODY_BYTES } from "../domain/request-limits";
import { timingSafeEqual } from "../domain/timing-safe-equal";
import { MAX_IMPORT_BYTES } from "../http/feed-document-body";
import { readBodyBytes } from "../http/read-json";
import type { ConsoleHono } from "./console-env";

/**
 * Largest form body: an article as large as the API takes (1 MiB), percent-encoded (up to three bytes each), with
 * room for the other fields.
 */
export const MAX_FORM_BYTES = 3 * MAX_BODY_BYTES + 64 * 1024;
/** The sign-in form holds one token. */
export const MAX_SIGN_IN_FORM_BYTES = 4 * 1024;

/** Largest upload form: a feed document as large as the import API takes, with room for the other fields. */
export const MAX_UPLOAD_FORM_BYTES = MAX_IMPORT_BYTES + 64 * 1024;

const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";
const UPLOAD_MEDIA_TYPE = "multipart/form-data";

function mediaTypeOf(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** A URL-encoded form of at most `limit` bytes in UTF-8; anything else is refused before it is parsed. */
export async function readForm(request: Request, limit: number): Promise<URLSearchParams> {
  if (mediaTypeOf(request) !== FORM_MEDIA_TYPE) {
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
 * A file upload form (`multipart/form-data`) of at most MAX_UPLOAD_FORM_BYTES, read whole before it is parsed: its
 * text fields, and its files by field name.
 */
export async function readUploadForm(
  request: Request,
): Promise<{ fields: URLSearchParams; files: Map<string, File> }> {
  const bytes = await readBodyBytes(request, MAX_UPLOAD_FORM_BYTES);
  let parsed: FormData;
  try {
    const type = request.headers.get("content-type") ?? UPLOAD_MEDIA_TYPE;
    parsed = await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new FerryError("bad_request", "The form could not be read as multipart/form-data.");
  }
  const fields = new URLSearchParams();
  const files = new Map<string, File>();
  for (const [name, value] of parsed) {
    if (typeof value === "string") fields.append(name, value);
    else files.set(name, value);
  }
  return { fields, files };
}

/**
 * For every POST behind the session: reads the form once and requires the session's CSRF token in it, so no handler
 * can forget to. A form from another tab of the same session works; a form built anywhere else cannot know it.
 * A file upload form is read the same way, its files kept for the handler.
 */
export const requireCsrfToken = createMiddleware<ConsoleHono>(async (c, next) => {
  if (c.req.method !== "POST") return next();
  const session = c.get("session");
  const upload = mediaTypeOf(c.req.raw) === UPLOAD_MEDIA_TYPE ? await readUploadForm(c.req.raw) : null;
  const form = upload ? upload.fields : await readForm(c.req.raw, MAX_FORM_BYTES);
  if (!session || !timingSafeEqual(form.get("csrf") ?? "", session.csrfToken)) {
    throw new FerryError(
      "forbidden",
      "This form is out of date or was not sent from this console session; reload the page and try again.",
    );
  }
  c.set("form", form);
  c.set("files", upload?.files ?? new Map());
  await next();
});
