import { findFeedBySlug, insertFeedStatement, updateFeedStatement } from "../db/feeds";
import { grantFeedStatement, type TokenGrant } from "../db/tokens";
import type { Feed } from "../domain/feed";
import { buildFeed, patchFeed } from "../domain/feed-build";
import type { FeedInput, FeedPatch } from "../domain/feed-input";
import { podcastFeedProblems } from "../domain/feed-podcast";
import type { PodcastSettingsInput } from "../domain/feed-podcast-input";
import { toFeedView } from "../domain/feed-view";
import { FerryError } from "../domain/problems";
import { JSON_HEADERS, type PreparedWrite } from "./write-plan";

/** Refuses a podcast feed the directories would refuse, with a 422 naming what it lacks. */
export function assertPodcastReady(feed: Pick<Feed, "podcast" | "language">): void {
  const errors = podcastFeedProblems(feed);
  if (errors[0]) throw new FerryError("validation_failed", errors[0].detail, { errors });
}

/**
 * A new feed from validated input: a 409 naming the slug when it is taken. A token scoped to some feeds is also
 * scoped to the feeds it creates. Answers as `POST /v1/feeds` does, with the feed's URLs under `origin`.
 */
export async function prepareCreateFeed(
  db: D1Database,
  grant: TokenGrant,
  input: FeedInput,
  nowMs: number,
  origin: string,
): Promise<PreparedWrite> {
  if (await findFeedBySlug(db, input.slug)) {
    throw new FerryError("conflict", `A feed "${input.slug}" already exists.`, {
      errors: [{ pointer: "/slug", detail: "Already taken." }],
    });
  }
  const feed = buildFeed(input, nowMs);
  assertPodcastReady(feed);
  return {
    statements: [
      insertFeedStatement(db, feed),
      ...(grant.allFeeds ? [] : [grantFeedStatement(db, grant.publicId, feed.slug)]),
    ],
    response: {
      status: 201,
      headers: { ...JSON_HEADERS, location: `/v1/feeds/${feed.slug}` },
      body: JSON.stringify(toFeedView({ ...feed, rowId: 0 }, origin)),
    },
  };
}

/**
 * A change to a feed's settings (see patchFeed: absent members stay, null clears); `podcast` is the podcast settings
 * the change leads to, already merged and checked whole. Answers as `PATCH /v1/feeds/:feed` does.
 */
export function prepareUpdateFeed(
  db: D1Database,
  feed: Feed,
  patch: FeedPatch,
  raw: Record<string, unknown>,
  podcast: PodcastSettingsInput | null,
  nowMs: number,
  origin: string,
): PreparedWrite {
  const updated = patchFeed(feed, patch, raw, podcast, nowMs);
  assertPodcastReady(updated);
  return {
    statements: [updateFeedStatement(db, updated)],
    response: { status: 200, headers: JSON_HEADERS, body: JSON.stringify(toFeedView(updated, origin)) },
  };
}
