import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as v from "valibot";
import { tallyAttempts } from "../../db/delivery-chart";
import { listDeliveryLog } from "../../db/delivery-log";
import { DELIVERY_LOG_STATUSES } from "../../domain/delivery-schemas";
import type { Feed } from "../../domain/feed";
import { pageRequest, readPage, rowIdCursor } from "../../domain/paging";
import { Rfc3339 } from "../../domain/rfc3339";
import { roleAllows } from "../../domain/tokens";
import { toWebhookView, type WebhookEndpoint } from "../../domain/webhook-endpoint";
import { parseParametersOrThrow } from "../../http/validate";
import { bucketsOf, CHART_WINDOWS, chartSinceMs, HOUR_MS } from "../charts/delivery-windows";
import { type ConsoleContext, csrfToken, pageState } from "../console-env";
import { type FormErrors, NO_ERRORS } from "../forms/form-errors";
import { toUtcInput } from "../forms/utc-input";
import { noticeText } from "../notices";
import { WebhookPage } from "../pages/webhook-page";

/** Deliveries per page of an endpoint's log. */
export const DELIVERY_LOG_PAGE_SIZE = 20;
/** Most attempts the charts read: a page view costs the same however busy the endpoint is. */
export const MAX_CHART_ATTEMPTS = 20_000;
/** Where the replay form starts unless told otherwise. */
const DEFAULT_REPLAY_MS = 24 * HOUR_MS;

const WebhookPageQuery = v.object({
  status: v.optional(
    v.picklist(DELIVERY_LOG_STATUSES, `Must be one of ${DELIVERY_LOG_STATUSES.join(", ")}.`),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(64))),
  notice: v.optional(v.pipe(v.string(), v.maxLength(64))),
  /** Where the replay form starts: where a replay cut short stopped. */
  since: v.optional(Rfc3339),
});

/** What the replay form shows: as sent after a refused replay, else where it starts. */
export interface ReplayFormState {
  since: string;
  includeSucceeded: boolean;
  errors: FormErrors;
}

/** One endpoint's page: health, settings, charts of its attempts, the replay form and a page of its log. */
export async function webhookPage(
  c: ConsoleContext,
  feed: Feed,
  endpoint: WebhookEndpoint,
  replay: ReplayFormState | null = null,
): Promise<Response> {
  const query = parseParametersOrThrow(WebhookPageQuery, c.req.query(), "query");
  const { beforeRowId } = pageRequest({ cursor: query.cursor });
  const status = query.status ?? null;
  const nowMs = Date.now();
  const [log, tally] = await Promise.all([
    readPage(
      DELIVERY_LOG_PAGE_SIZE,
      (rows) =>
        listDeliveryLog(c.env.DB, { endpointRowId: endpoint.rowId }, { beforeRowId, limit: rows, status }),
      rowIdCursor,
    ),
    tallyAttempts(c.env.DB, endpoint.rowId, {
      sinceMs: chartSinceMs(CHART_WINDOWS, nowMs),
      slotMs: HOUR_MS,
      cap: MAX_CHART_ATTEMPTS,
    }),
  ]);
  const form = replay ?? {
    since: toUtcInput(query.since ?? nowMs - DEFAULT_REPLAY_MS),
    includeSucceeded: false,
    errors: NO_ERRORS,
  };
  return c.html(
    <WebhookPage
      state={pageState(c)}
      feed={feed}
      view={toWebhookView(endpoint, feed.slug, { nowMs })}
      canWrite={roleAllows(c.get("grant").role, "write")}
      csrfToken={csrfToken(c)}
      notice={noticeText(query.notice)}
      charts={CHART_WINDOWS.map((window) => ({ window, buckets: bucketsOf(tally.slots, window, nowMs) }))}
      chartCap={tally.read >= MAX_CHART_ATTEMPTS ? MAX_CHART_ATTEMPTS : null}
      log={{
        deliveries: log.items.map((item) => item.view),
        status,
        nextCursor: log.nextCursor,
        isFirstPage: beforeRowId === null,
      }}
      replay={form}
    />,
    form.errors.status as ContentfulStatusCode,
  );
}
