import { recordAttemptsStatements } from "../../../src/db/deliveries";
import {
  claimDeliveries,
  type DeliveryContext,
  loadDeliveryContexts,
} from "../../../src/db/delivery-context";
import { recordEndpointHealthStatement } from "../../../src/db/webhook-endpoints";
import { readDeliveryConfig } from "../../../src/delivery/delivery-config";
import { createDeliveries } from "../../../src/delivery/fan-out";
import { deliverInline } from "../../../src/delivery/inline-delivery";
import type { OutboundRequest } from "../../../src/delivery/send-attempt";
import { webhookRequest } from "../../../src/delivery/webhook-target";
import type { Env } from "../../../src/env";
import { readSecretKeyring } from "../../../src/services/secret-keys";

export interface DirectDeliveryRequest {
  articleId: string;
  /** Deliveries handled together, as the queue consumer gets them: `max_batch_size`. */
  batchSize: number;
}

/**
 * Delivers one published article's event with Ferry's own fan-out and inline delivery, as the consumer does
 * for a fan-out message, but in this invocation: what the queue adds is the difference.
 */
export async function deliverDirectly(env: Env, request: DirectDeliveryRequest) {
  const started = Date.now();
  const ids = await fanOutDirectly(env.DB, request.articleId);
  const fannedOut = Date.now();
  const { steps, leftover } = await deliverInline(env.DB, ids, readDeliveryConfig(env));
  const retried = [...steps.values()].filter((step) => step.next === "again").length + leftover.length;
  return {
    deliveries: ids.length,
    retried,
    fanOutMs: fannedOut - started,
    deliverMs: Date.now() - fannedOut,
  };
}

/**
 * The parts of the consumer's work, batch by batch, timed separately and summed over the event's
 * deliveries: D1 (load, claim, record: one round trip each per batch), signing, and the POSTs.
 */
export async function timeDeliverySteps(env: Env, request: DirectDeliveryRequest) {
  const db = env.DB;
  const nowMs = Date.now();
  const started = Date.now();
  const ids = await fanOutDirectly(db, request.articleId);
  const stepsMs = { load: 0, claim: 0, sign: 0, send: 0, record: 0 };
  const timed = async <T>(part: keyof typeof stepsMs, work: () => Promise<T>): Promise<T> => {
    const partStarted = Date.now();
    const result = await work();
    stepsMs[part] += Date.now() - partStarted;
    return result;
  };
  const fanOutMs = Date.now() - started;
  const { keys } = await readSecretKeyring(env);
  for (const batch of chunks(ids, request.batchSize)) {
    const contexts = await timed("load", () => loadDeliveryContexts(db, batch));
    await timed("claim", () => claimDeliveries(db, batch, nowMs, 60_000));
    const signed = await timed("sign", () =>
      Promise.all(contexts.map((ctx) => webhookRequest(ctx, endpointOf(ctx), keys, nowMs))),
    );
    await timed("send", () => Promise.all(signed.map(send)));
    const logs = contexts.map((ctx) => ({
      deliveryRowId: ctx.deliveryRowId,
      attempt: 1,
      startedAt: nowMs,
      durationMs: 1,
      responseStatus: 204,
      responseExcerpt: "",
      error: null,
      status: "succeeded" as const,
      nextAttemptAt: nowMs,
    }));
    await timed("record", () =>
      db.batch([
        ...recordAttemptsStatements(db, logs),
        ...contexts.map((ctx) =>
          recordEndpointHealthStatement(db, endpointOf(ctx).rowId, {
            succeeded: true,
            nowMs,
            disableReason: null,
          }),
        ),
      ]),
    );
  }
  return { deliveries: ids.length, fanOutMs, stepsMs };
}

function endpointOf(ctx: DeliveryContext) {
  if (ctx.target.kind !== "webhook")
    throw new Error(`delivery ${ctx.deliveryRowId} is not a webhook delivery`);
  return ctx.target.endpoint;
}

async function send(request: OutboundRequest): Promise<void> {
  const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
  await response.arrayBuffer();
}

/** Ferry's fan-out of the article's published event: the deliveries it creates, none of them attempted. */
async function fanOutDirectly(db: D1Database, articleId: string): Promise<number[]> {
  const event = await db
    .prepare("SELECT public_id FROM events WHERE type = 'article.published' AND article_public_id = ?")
    .bind(articleId)
    .first<{ public_id: string }>();
  if (!event) throw new Error(`no published event for ${articleId}`);
  return createDeliveries(db, event.public_id);
}

function chunks(ids: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
