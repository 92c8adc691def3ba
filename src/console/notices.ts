import { MAX_REPLAY_EVENTS } from "../db/replay-deliveries";

/**
 * What a page says after a redirect, by a code in its `notice` query parameter: a closed set, so a link can never
 * make the console display text of its choosing.
 */
export const NOTICES = {
  "signed-out": "You are signed out.",
  published: "The article is published.",
  scheduled: "The article is scheduled: it goes live at its publication time.",
  saved: "Your changes are saved.",
  deleted: "The article is deleted.",
  "feed-created": "The feed is created.",
  "feed-saved": "The feed's settings are saved.",
  "webhook-saved": "The endpoint's settings are saved.",
  "webhook-paused": "The endpoint is paused: its deliveries wait until you resume it.",
  "webhook-resumed": "The endpoint is resumed: what it held goes out now.",
  "webhook-deleted": "The endpoint is deleted and its pending deliveries are cancelled.",
  "test-sent": "A webhook.test event is on its way; it appears in the delivery log below.",
  redelivered: "The delivery is queued again, with the same webhook-id.",
  replayed: "What was addressed to the endpoint since then is queued again; watch the delivery log.",
  "replayed-partly": `The first ${MAX_REPLAY_EVENTS} events since then are queued again. The replay form now starts where this replay stopped: send it again for the rest.`,
  "token-created-before":
    "This form was sent before: its token exists, and its secret was shown then only. Rotate the token for a new one.",
  "token-revoked": "The token is revoked: its next request is refused, and its console sessions end.",
} as const;

export type NoticeCode = keyof typeof NOTICES;

export function noticeText(code: string | undefined): string | null {
  return code !== undefined && Object.hasOwn(NOTICES, code) ? NOTICES[code as NoticeCode] : null;
}
