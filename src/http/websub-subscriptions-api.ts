import { Hono } from "hono";
import { findSubscriptionByPublicId, listSubscriptions } from "../db/websub";
import { toSubscriptionView } from "../domain/websub";
import { authorizeFeed, requireToken } from "./auth";
import { deliveryLogResponse } from "./delivery-log-response";
import type { FerryHono } from "./hono-env";
import { methodNotAllowed } from "./method-not-allowed";
import { FerryError } from "./problem";

/** What a publisher may see of the WebSub subscribers of its feed, at `/v1/feeds/:feed/websub`. */
export const websubSubscriptionsApi = new Hono<FerryHono>();
websubSubscriptionsApi.use(requireToken);

websubSubscriptionsApi.get("/", async (c) => {
  const feed = await authorizeFeed(c, c.req.param("feed") as string, "read");
  const subscriptions = await listSubscriptions(c.env.DB, feed.rowId);
  return c.json({ items: subscriptions.map(toSubscriptionView) });
});

websubSubscriptionsApi.get("/:id/deliveries", async (c) => {
  const feed = await authorizeFeed(c, c.req.param("feed") as string, "read");
  const id = c.req.param("id");
  const subscription = await findSubscriptionByPublicId(c.env.DB, feed.rowId, id);
  if (!subscription)
    throw new FerryError("not_found", `There is no WebSub subscription ${id} on "${feed.slug}".`);
  return deliveryLogResponse(c, { subscriptionRowId: subscription.rowId });
});

websubSubscriptionsApi.all("/", methodNotAllowed(["GET"]));
websubSubscriptionsApi.all("/:id/deliveries", methodNotAllowed(["GET"]));
