import { insertTopicPushEventStatement } from "../db/events";
import { markPingedTopicStatement } from "../db/websub-topic-pushes";
import { buildTopicPublishEvent } from "../domain/events";
import { type FeedState, feedUpdatedAt } from "../domain/feed-version";
import type { QueueMessage } from "../domain/queue-messages";
import type { Topic } from "../domain/websub";
import { sendAll } from "./delivery-queue";

/** One topic a publish ping names, with the state of its feed read just before. */
export interface PingedTopic {
  topic: Topic;
  state: FeedState;
}

/**
 * Answers a publish ping: each distinct topic is pushed only when it has an active subscriber and its feed
 * changed since the topic was last pushed (Ferry already pushes on every write), so repeating a ping, or naming a
 * topic many times, writes and sends nothing more. One D1 batch; returns how many topics were queued.
 */
export async function pushPingedTopics(
  db: D1Database,
  queue: Queue<QueueMessage>,
  pinged: readonly PingedTopic[],
  nowMs: number,
): Promise<number> {
  const distinct = new Map(pinged.map((p) => [p.topic.url, p]));
  const pushes = [...distinct.values()].map(({ topic, state }) => ({
    feedRowId: state.feed.rowId,
    changedAt: feedUpdatedAt(state),
    event: { ...buildTopicPublishEvent(topic.url, nowMs), topicUrl: topic.url },
  }));
  if (pushes.length === 0) return 0;
  const results = await db.batch(
    pushes.flatMap(({ feedRowId, changedAt, event }) => [
      insertTopicPushEventStatement(db, feedRowId, event, changedAt),
      markPingedTopicStatement(db, { topicUrl: event.topicUrl, feedRowId, eventId: event.id }, nowMs),
    ]),
  );
  const queued = pushes.filter((_, i) => (results[i * 2]?.meta.changes ?? 0) > 0);
  await sendAll(
    queue,
    queued.map(({ event }) => ({ kind: "fanout", eventId: event.id })),
  );
  return queued.length;
}
