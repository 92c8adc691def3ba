import { Hono } from "hono";
import * as v from "valibot";
import { listDeliveryLog } from "../../db/delivery-log";
import { findSubscriptionByPublicId } from "../../db/websub";
import { listSubscriberPage } from "../../db/websub-subscriber-page";
import { DELIVERY_LOG_STATUSES } from "../../domain/delivery-schemas";
import { pageRequest, readPage, rowIdCursor } from "../../domain/paging";
import { FerryError } from "../../domain/problems";
import { hubUrlFor } from "../../domain/websub";
import { authorizeFeed } from "../../http/auth";
import { publicOrigin } from "../../http/origin";
import { parseParametersOrThrow } from "../../http/validate";
import { type ConsoleContext, type ConsoleHono, csrfToken, pageState } from "../console-env";
import { WebsubPage } from "../pages/websub-page";
import { WebsubSubscriberPage } from "../pages/websub-subscriber-page";
import { DELIVERY_LOG_PAGE_SIZE } from "./webhook-detail";

/** Subscribers per page of the WebSub screen. */
export const SUBSCRIBER_PAGE_SIZE = 50;

const Cursor = v.optional(v.pipe(v.string(), v.maxLength(64)));
const SubscriberListQuery = v.object({ cursor: Cursor });
const PushLogQuery = v.object({
  cursor: Cursor,
  status: v.optional(
    v.picklist(DELIVERY_LOG_STATUSES, `Must be one of ${DELIVERY_LOG_STATUSES.join(", ")}.`),
  ),
});

/** A feed's WebSub subscribers and each one's recent pushes: read-only, as subscribers manage themselves. */
export const websubRoutes = new Hono<ConsoleHono>();

const slugOf = (c: ConsoleContext) => c.req.param("feed") ?? "";

websubRoutes.get("/feeds/:feed/websub", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "read");
  const { beforeRowId } = pageRequest(parseParametersOrThrow(SubscriberListQuery, c.req.query(), "query"));
  const page = await readPage(
    SUBSCRIBER_PAGE_SIZE,
    (rows) => listSubscriberPage(c.env.DB, feed.rowId, { beforeRowId, limit: rows }),
    rowIdCursor,
  );
  return c.html(
    <WebsubPage
      state={pageState(c)}
      feed={feed}
      subscribers={page.items}
      nextCursor={page.nextCursor}
      isFirstPage={beforeRowId === null}
      hubUrl={hubUrlFor(publicOrigin(c))}
      nowMs={Date.now()}
    />,
  );
});

websubRoutes.get("/feeds/:feed/websub/:subscription", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "read");
  const id = c.req.param("subscription");
  const subscription = /^sub_[0-9a-f]{24}$/.test(id)
    ? await findSubscriptionByPublicId(c.env.DB, feed.rowId, id)
    : null;
  if (!subscription)
    throw new FerryError("not_found", `There is no WebSub subscription ${id} on "${feed.slug}".`);
  const query = parseParametersOrThrow(PushLogQuery, c.req.query(), "query");
  const { beforeRowId } = pageRequest(query);
  const status = query.status ?? null;
  const log = await readPage(
    DELIVERY_LOG_PAGE_SIZE,
    (rows) =>
      listDeliveryLog(
        c.env.DB,
        { subscriptionRowId: subscription.rowId },
        { beforeRowId, limit: rows, status },
      ),
    rowIdCursor,
  );
  return c.html(
    <WebsubSubscriberPage
      state={pageState(c)}
      feed={feed}
      subscription={subscription}
      nowMs={Date.now()}
      csrfToken={csrfToken(c)}
      log={{
        deliveries: log.items.map((item) => item.view),
        status,
        nextCursor: log.nextCursor,
        isFirstPage: beforeRowId === null,
      }}
    />,
  );
});
