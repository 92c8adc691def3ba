import type { ContentfulStatusCode } from "hono/utils/http-status";
import { FerryError, statusOf, titleOf } from "../domain/problems";
import { reportUnhandledError } from "../http/request-log";
import type { ConsoleContext } from "./console-env";
import { pageState } from "./console-env";
import { ErrorPage } from "./pages/error-page";

function errorPage(c: ConsoleContext, error: FerryError): Response | Promise<Response> {
  const status = statusOf(error.code) as ContentfulStatusCode;
  for (const [name, value] of Object.entries(error.extras.headers ?? {})) c.header(name, value);
  return c.html(
    <ErrorPage state={pageState(c)} status={status} title={titleOf(error.code)} detail={error.detail} />,
    status,
  );
}

/**
 * The console's one error handler: a problem it cannot show beside a field is a page saying what happened, with the
 * problem's status and headers (a 429 keeps its `Retry-After`). Anything else is a bug: logged, answered with a 500.
 */
export function handleConsoleError(error: Error, c: ConsoleContext): Response | Promise<Response> {
  if (error instanceof FerryError) return errorPage(c, error);
  const bug = reportUnhandledError(
    { requestId: c.get("requestId"), method: c.req.method, path: c.req.path },
    error,
  );
  return errorPage(c, bug);
}

export function consoleNotFound(c: ConsoleContext): Response | Promise<Response> {
  return errorPage(c, new FerryError("not_found", `Nothing lives at ${c.req.path}.`));
}
