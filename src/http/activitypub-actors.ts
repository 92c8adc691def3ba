import { actorDocument } from "../activitypub/actor-document";
import { actorUrls } from "../activitypub/actor-urls";
import { articleObject, tombstone } from "../activitypub/article-object";
import { followersCollection, outboxCollection, outboxPage } from "../activitypub/collections";
import { JSON_LD_CONTEXT } from "../activitypub/vocabulary";
import { countFollowers } from "../db/activitypub-followers";
import { findArticle } from "../db/articles";
import { findFeedBySlug } from "../db/feeds";
import type { Feed } from "../domain/feed";
import { FerryError } from "../domain/problems";
import { decodeTimelineCursor } from "../domain/timeline-cursor";
import { actorPublicKey } from "../services/activitypub-keys";
import { loadOutboxArticles } from "../services/activitypub-outbox";
import { ACTIVITY_MEDIA_TYPES, activityResponse, wantsHtml } from "./activitypub-responses";
import { ArticleId, caseless } from "./article-params";
import { Resource } from "./endpoint";
import { FeedPageQuery } from "./openapi-public";
import { publicOrigin } from "./origin";
import { asProblem } from "./secret-sealing";

/** Each feed as an ActivityPub actor, with its outbox, follower count and articles as objects. No auth. */
const actors = new Resource("/feeds");

/** What every read here shares: public, a feed in the path, a document in either ActivityPub media type. */
const READ = { method: "get", tag: "Fediverse", role: null } as const;
const served = (description: string) =>
  ({ status: 200, description, mediaTypes: ACTIVITY_MEDIA_TYPES }) as const;

async function feedOrThrow(db: D1Database, slug: string): Promise<Feed> {
  const feed = await findFeedBySlug(db, slug);
  if (!feed) throw new FerryError("not_found", `There is no feed "${slug}".`);
  return feed;
}

actors.endpoint(
  {
    ...READ,
    path: "/feeds/{feed}/actor",
    operationId: "readFeedActor",
    summary: "A feed as an ActivityPub actor",
    description:
      "A `Service` with its inbox, outbox, followers, shared inbox and RSA public key (`#main-key`). Its key pair is made the first time it is needed. A browser asking for HTML is redirected to the feed's page (303).",
    ok: served("The actor document."),
    problems: [404, 503],
  },
  async (c) => {
    const feed = await feedOrThrow(c.env.DB, c.req.param("feed") ?? "");
    const origin = publicOrigin(c);
    if (wantsHtml(c.req.header("accept"))) return c.redirect(actorUrls(origin, feed.slug).page, 303);
    const publicKeyPem = await actorPublicKey(c.env.DB, feed, c.env, Date.now()).catch((error) => {
      throw asProblem(error);
    });
    return activityResponse(c, actorDocument(feed, origin, publicKeyPem));
  },
);

actors.endpoint(
  {
    ...READ,
    path: "/feeds/{feed}/outbox",
    operationId: "readFeedOutbox",
    summary: "A feed's outbox",
    ok: served("An OrderedCollection whose `first` page holds the newest Create activities."),
    problems: [404],
  },
  async (c) => {
    const feed = await feedOrThrow(c.env.DB, c.req.param("feed") ?? "");
    return activityResponse(c, outboxCollection(publicOrigin(c), feed.slug));
  },
);

actors.endpoint(
  {
    ...READ,
    path: "/feeds/{feed}/outbox/page",
    operationId: "readFeedOutboxPage",
    summary: "A page of a feed's outbox",
    description:
      "The Create activities of the articles the feed shows, newest first, as many as its `item_limit`; `next` leads to older ones with the same `before` cursors as the feeds.",
    query: FeedPageQuery,
    ok: served("An OrderedCollectionPage."),
    problems: [400, 404],
  },
  async (c, request) => {
    const feed = await feedOrThrow(c.env.DB, c.req.param("feed") ?? "");
    const { before } = request.query();
    const position = before === undefined ? null : decodeTimelineCursor(before);
    if (before !== undefined && !position) {
      throw new FerryError("bad_request", "The page cursor is not one Ferry issued.", {
        parameters: [
          { parameter: "before", in: "query", detail: "`before` must come from a page's next link." },
        ],
      });
    }
    const page = await loadOutboxArticles(c.env.DB, feed, position, Date.now());
    const scope = { origin: publicOrigin(c), slug: feed.slug, content: feed.content };
    return activityResponse(c, outboxPage(scope, { before: before ?? null, ...page }));
  },
);

actors.endpoint(
  {
    ...READ,
    path: "/feeds/{feed}/followers",
    operationId: "readFeedFollowers",
    summary: "How many follow a feed",
    ok: served("An OrderedCollection with `totalItems` only: who follows a feed is not listed."),
    problems: [404],
  },
  async (c) => {
    const feed = await feedOrThrow(c.env.DB, c.req.param("feed") ?? "");
    return activityResponse(
      c,
      followersCollection(publicOrigin(c), feed.slug, await countFollowers(c.env.DB, feed.rowId)),
    );
  },
);

actors.endpoint(
  {
    ...READ,
    path: "/feeds/{feed}/articles/{id}",
    operationId: "readArticleObject",
    summary: "An article as an ActivityPub object",
    description:
      "The id every Create, Update and Delete names. A deleted article answers 410 with a `Tombstone` (ActivityPub JSON, not a problem); a browser asking for HTML is redirected (303) to the article's own page, else the feed's.",
    params: { id: caseless(ArticleId) },
    ok: served("The `Article`."),
    problems: [400, 404],
  },
  async (c, request) => {
    const feed = await feedOrThrow(c.env.DB, c.req.param("feed") ?? "");
    const origin = publicOrigin(c);
    const record = await findArticle(c.env.DB, feed.rowId, request.param("id"));
    if (!record || record.article.datePublished > Date.now()) {
      throw new FerryError("not_found", `Feed "${feed.slug}" has no such article.`);
    }
    const { article } = record;
    if (article.deletedAt !== null) {
      return activityResponse(
        c,
        { "@context": JSON_LD_CONTEXT, ...tombstone(origin, feed.slug, article.id, article.deletedAt) },
        410,
      );
    }
    if (wantsHtml(c.req.header("accept"))) {
      return c.redirect(article.url ?? article.externalUrl ?? actorUrls(origin, feed.slug).page, 303);
    }
    const scope = { origin, slug: feed.slug, content: feed.content };
    return activityResponse(c, { "@context": JSON_LD_CONTEXT, ...articleObject(article, scope) });
  },
);

export const activityPubActors = actors.routes();
export const ACTOR_ENDPOINTS = actors.endpoints;
