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
} as const;

export type NoticeCode = keyof typeof NOTICES;

export function noticeText(code: string | undefined): string | null {
  return code !== undefined && Object.hasOwn(NOTICES, code) ? NOTICES[code as NoticeCode] : null;
}
