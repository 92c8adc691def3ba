import { findSubscriptionByPublicId, listSubscriptions } from "../db/websub";
import { FerryError } from "../domain/problems";
import { toSubscriptionView } from "../domain/websub";
import { requireToken } from "./auth";
import { DeliveryQuery, deliveryLogResponse } from "./delivery-log-response";
import { Resource } from "./endpoint";

const SUBSCRIPTIONS = "/v1/feeds/{feed}/websub";

/** What a publisher may see of the WebSub subscribers of its feed, at `/v1/feeds/:feed/websub`. */
const subscriptions = new Resource(SUBSCRIPTIONS);
subscriptions.app.use(requireToken);

subscriptions.endpoint(
  {
    method: "get",
    path: SUBSCRIPTIONS,
    operationId: "listWebsubSubscriptions",
    summary: "The feed's WebSub subscribers",
    tag: "WebSub",
    role: "read",
    ok: {
      status: 200,
      description: "Every subscription, active or ended.",
      schema: "WebsubSubscriptionList",
    },
    problems: [401, 403, 404],
  },
  async (c, { feed }) => {
    const list = await listSubscriptions(c.env.DB, feed.rowId);
    return c.json({ items: list.map(toSubscriptionView) });
  },
);

subscriptions.endpoint(
  {
    method: "get",
    path: `${SUBSCRIPTIONS}/{subscription}/deliveries`,
    operationId: "listWebsubDeliveries",
    summary: "One WebSub subscriber's delivery log",
    tag: "WebSub",
    role: "read",
    query: DeliveryQuery,
    ok: { status: 200, description: "Newest deliveries first.", schema: "DeliveryList" },
    problems: [400, 401, 403, 404],
  },
  async (c, { feed, param, query }) => {
    const id = param("subscription");
    const subscription = await findSubscriptionByPublicId(c.env.DB, feed.rowId, id);
    if (!subscription)
      throw new FerryError("not_found", `There is no WebSub subscription ${id} on "${feed.slug}".`);
    return deliveryLogResponse(c, { subscriptionRowId: subscription.rowId }, query());
  },
);

export const websubSubscriptionsApi = subscriptions.routes();
export const WEBSUB_SUBSCRIPTION_ENDPOINTS = subscriptions.endpoints;
