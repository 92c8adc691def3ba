import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ImportResult } from "../../domain/api-schemas";
import type { Feed } from "../../domain/feed";
import { FerryError, type ProblemCode, statusOf } from "../../domain/problems";
import { roleAllows } from "../../domain/tokens";
import { authorizeFeed } from "../../http/auth";
import { MAX_IMPORT_BYTES } from "../../http/feed-document-body";
import { commitIdempotently } from "../../http/idempotency";
import { publicOrigin } from "../../http/origin";
import {
  decodeFeedDocument,
  MAX_IMPORT_ITEMS,
  readImportDocument,
  runImport,
} from "../../services/feed-document-import";
import { exportFeedHeaders, exportFeedStream } from "../../services/feed-export";
import {
  type ConsoleContext,
  type ConsoleHono,
  csrfToken,
  pageState,
  postedFile,
  postedForm,
} from "../console-env";
import { type FormErrors, NO_ERRORS } from "../forms/form-errors";
import { formIdempotencyKey, newFormIdempotencyKey } from "../forms/idempotency-key";
import { TransferPage } from "../pages/transfer-page";

/** Importing a feed file and exporting the feed, through the import and export services of the API. */
export const transferRoutes = new Hono<ConsoleHono>();

const slugOf = (c: ConsoleContext) => c.req.param("feed") ?? "";

/** Problems about the uploaded file: shown beside it, with the status the API answers them with. */
const FILE_PROBLEMS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  "bad_request",
  "payload_too_large",
  "unsupported_media_type",
  "validation_failed",
  "idempotency_key_reused",
]);

function fileError(detail: string, code: ProblemCode): FormErrors {
  return {
    byField: new Map([["file", [detail]]]),
    general: [],
    status: statusOf(code) as ContentfulStatusCode,
  };
}

function transferPage(
  c: ConsoleContext,
  feed: Feed,
  view: { errors: FormErrors; result: ImportResult | null; idempotencyKey: string },
) {
  return c.html(
    <TransferPage
      state={pageState(c)}
      feed={feed}
      canWrite={roleAllows(c.get("grant").role, "write")}
      csrfToken={csrfToken(c)}
      limits={{ bytes: MAX_IMPORT_BYTES, items: MAX_IMPORT_ITEMS }}
      {...view}
    />,
    view.errors.status,
  );
}

transferRoutes.get("/feeds/:feed/import", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "read");
  return transferPage(c, feed, { errors: NO_ERRORS, result: null, idempotencyKey: newFormIdempotencyKey() });
});

/** The charset a file's type names, if any (`text/xml; charset=windows-1252`), read as the API reads its header. */
function charsetOf(file: File): string | null {
  const parameter = file.type
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.toLowerCase().startsWith("charset="));
  return parameter?.slice("charset=".length).replace(/"/g, "") ?? null;
}

async function readFile(file: File | null): Promise<string> {
  if (file === null || file.size === 0) {
    throw new FerryError(
      "validation_failed",
      "Choose a feed file to import: an RSS, Atom or JSON Feed document.",
    );
  }
  if (file.size > MAX_IMPORT_BYTES) {
    throw new FerryError(
      "payload_too_large",
      `The file is larger than the ${MAX_IMPORT_BYTES} bytes an import takes.`,
    );
  }
  return decodeFeedDocument(new Uint8Array(await file.arrayBuffer()), charsetOf(file));
}

transferRoutes.post("/feeds/:feed/import", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const key = formIdempotencyKey(postedForm(c)) ?? newFormIdempotencyKey();
  try {
    const text = await readFile(postedFile(c, "file"));
    const document = readImportDocument(text);
    // The API's import, to the letter: the same parser, limits, validation, batches and idempotency.
    const request = {
      tokenRowId: c.get("grant").tokenRowId,
      key,
      method: "POST",
      path: `/v1/feeds/${feed.slug}/import`,
      body: text,
    };
    const response = await commitIdempotently(c.env.DB, request, () =>
      runImport(c.env.DB, feed, document, Date.now()),
    );
    const result = (await response.json()) as ImportResult;
    return transferPage(c, feed, { errors: NO_ERRORS, result, idempotencyKey: newFormIdempotencyKey() });
  } catch (error) {
    if (!(error instanceof FerryError) || !FILE_PROBLEMS.has(error.code)) throw error;
    return transferPage(c, feed, {
      errors: fileError(error.detail, error.code),
      result: null,
      idempotencyKey: newFormIdempotencyKey(),
    });
  }
});

transferRoutes.get("/feeds/:feed/export", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "read");
  return new Response(exportFeedStream(c.env.DB, feed, publicOrigin(c), Date.now()), {
    headers: exportFeedHeaders(feed.slug),
  });
});
