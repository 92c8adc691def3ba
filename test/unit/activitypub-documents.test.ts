import { describe, expect, it } from "vitest";
import { slugOfActorUrl } from "../../src/activitypub/actor-urls";
import { articleObject } from "../../src/activitypub/article-object";
import { slugOfResource } from "../../src/activitypub/discovery";
import { activityForEvent } from "../../src/activitypub/event-activities";
import { readIncomingActivity } from "../../src/activitypub/incoming-activity";
import { documentUrlOf, ownedKey, readRemoteDocument } from "../../src/activitypub/remote-actor";
import type { Article } from "../../src/domain/article";
import { buildArticleEvent } from "../../src/domain/events";

const ORIGIN = "https://ferry.example";
const ALICE = "https://social.example/users/alice";

const article: Article = {
  id: "0b7f4d8e-3c2a-4c1e-9f5a-1d2e3f4a5b6c",
  guid: null,
  feedSlug: "news",
  title: "Ferries & <bridges>",
  summary: null,
  contentHtml: "<p>Full <em>body</em>.</p>",
  contentText: null,
  url: null,
  externalUrl: null,
  image: null,
  bannerImage: null,
  authors: [],
  tags: ["Film", "film", "New Wave", ""],
  language: "fr",
  attachments: [
    { url: "https://cdn.example/a.png", mimeType: "image/png", title: "Poster" },
    { url: "https://cdn.example/a.mp3", mimeType: "audio/mpeg" },
  ],
  podcast: null,
  datePublished: Date.UTC(2026, 0, 2),
  dateModified: null,
  createdAt: Date.UTC(2026, 0, 1),
  updatedAt: Date.UTC(2026, 0, 1),
  deletedAt: null,
};

describe("the article object", () => {
  it("carries the body, tags once each as Hashtags, image attachments only, and the feed page as its url", () => {
    const object = articleObject(article, { origin: ORIGIN, slug: "news", content: "full" });
    expect(object).toMatchObject({
      id: `${ORIGIN}/feeds/news/articles/${article.id}`,
      content: "<p>Full <em>body</em>.</p>",
      contentMap: { fr: "<p>Full <em>body</em>.</p>" },
      summary: "Full body .",
      url: `${ORIGIN}/feeds/news/`,
      published: "2026-01-02T00:00:00Z",
      tag: [
        { type: "Hashtag", name: "#Film", href: `${ORIGIN}/feeds/news/tags/film/` },
        { type: "Hashtag", name: "#NewWave", href: `${ORIGIN}/feeds/news/tags/new%20wave/` },
      ],
      attachment: [
        { type: "Image", mediaType: "image/png", url: "https://cdn.example/a.png", name: "Poster" },
      ],
    });
    expect(object).not.toHaveProperty("updated");
  });

  it("of an excerpt feed carries the summary, escaped, never the body", () => {
    const excerpt = articleObject(
      { ...article, summary: "A <short> one" },
      { origin: ORIGIN, slug: "news", content: "excerpt" },
    );
    expect(excerpt.content).toBe("<p>A &lt;short&gt; one</p>");
    const text = articleObject(
      { ...article, contentHtml: null, contentText: "One\n\nTwo & three" },
      { origin: ORIGIN, slug: "news", content: "full" },
    );
    expect(text.content).toBe("<p>One</p><p>Two &amp; three</p>");
  });

  it("is announced by the event's activity: a fresh id per Update, the same Create and Delete ids every time", () => {
    const scope = { origin: ORIGIN, slug: "news", content: "full" as const };
    const activity = (type: "article.published" | "article.updated", at: number) => {
      const event = buildArticleEvent(type, { ...article, updatedAt: at }, at);
      return activityForEvent(event.id, JSON.parse(event.payload), scope);
    };
    const [create, first, second] = [
      activity("article.published", article.updatedAt),
      activity("article.updated", Date.UTC(2026, 0, 3)),
      activity("article.updated", Date.UTC(2026, 0, 4)),
    ];
    expect(create.id).toBe(`${ORIGIN}/feeds/news/articles/${article.id}#create`);
    expect(first.id).not.toBe(second.id);
    expect(first.object).toMatchObject({ updated: "2026-01-03T00:00:00Z" });
  });
});

describe("reading what others send and serve", () => {
  it("tells a Follow, an Undo of one, an actor's own Delete and everything else apart", () => {
    const follow = { id: `${ALICE}#f/1`, type: "Follow", actor: ALICE, object: `${ORIGIN}/feeds/news/actor` };
    expect(readIncomingActivity(follow)).toEqual({
      kind: "follow",
      id: follow.id,
      actor: ALICE,
      object: follow.object,
    });
    expect(readIncomingActivity({ type: "Undo", actor: { id: ALICE }, object: follow })).toEqual({
      kind: "unfollow",
      actor: ALICE,
      followId: follow.id,
      object: follow.object,
    });
    expect(readIncomingActivity({ type: "Delete", actor: ALICE, object: ALICE })).toEqual({
      kind: "actor-deleted",
      actor: ALICE,
    });
    expect(readIncomingActivity({ type: "Delete", actor: ALICE, object: `${ALICE}/statuses/1` })).toEqual({
      kind: "other",
      actor: ALICE,
    });
    expect(readIncomingActivity({ type: "Follow", actor: ALICE, object: follow.object })?.kind).toBe("other");
    for (const junk of [
      null,
      [],
      { type: "Follow" },
      { type: 5, actor: ALICE },
      { type: "Like", actor: "not a url" },
    ]) {
      expect(readIncomingActivity(junk)).toBeNull();
    }
  });

  it("reads an actor's inboxes and its own keys only, or a key document naming its owner", () => {
    const read = readRemoteDocument({
      id: ALICE,
      inbox: `${ALICE}/inbox`,
      endpoints: { sharedInbox: "https://social.example/inbox" },
      publicKey: [
        { id: `${ALICE}#main-key`, owner: ALICE, publicKeyPem: "A" },
        { id: `${ALICE}#other`, owner: "https://elsewhere.example/users/bob", publicKeyPem: "B" },
      ],
    });
    expect(read?.kind).toBe("actor");
    if (read?.kind !== "actor") return;
    expect(read.actor.sharedInbox).toBe("https://social.example/inbox");
    expect(ownedKey(read.actor, `${ALICE}#main-key`)).toBe("A");
    expect(ownedKey(read.actor, `${ALICE}#other`)).toBeNull();
    expect(readRemoteDocument({ id: `${ALICE}/key`, owner: ALICE, publicKeyPem: "A" })?.kind).toBe("key");
    expect(readRemoteDocument({ id: ALICE })).toBeNull();
    expect(documentUrlOf(`${ALICE}#main-key`)).toBe(ALICE);
    expect(documentUrlOf("ftp://social.example/key")).toBeNull();
  });

  it("names a feed by handle on this host or by its actor URL, nothing else", () => {
    expect(slugOfResource("acct:news@ferry.example", ORIGIN)).toBe("news");
    expect(slugOfResource("acct:news@FERRY.example", ORIGIN)).toBe("news");
    expect(slugOfResource(`${ORIGIN}/feeds/news/actor`, ORIGIN)).toBe("news");
    for (const other of [
      "acct:news@elsewhere.example",
      "acct:@ferry.example",
      "news",
      `${ORIGIN}/feeds/news/`,
    ]) {
      expect(slugOfResource(other, ORIGIN), other).toBeNull();
    }
    expect(slugOfActorUrl(ORIGIN, `${ORIGIN}/feeds/news/actor/extra`)).toBeNull();
    expect(slugOfActorUrl(ORIGIN, `${ORIGIN}/feeds/%E0/actor`)).toBeNull();
  });
});
