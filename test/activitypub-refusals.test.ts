import { describe, expect, it } from "vitest";
import { MAX_INBOX_BODY_BYTES } from "../src/http/activitypub-inbox";
import {
  actorName,
  ferryInbox,
  followActivity,
  followersOf,
  remoteActorId,
  SHARED_INBOX,
  signedPost,
  trustFerryActor,
} from "./support/activitypub";
import { recordingQueue, send } from "./support/fuzz/client";
import { takeSnapshot } from "./support/fuzz/snapshot";
import { expectProblem } from "./support/http";
import { createFeed } from "./support/seed";

/**
 * Every inbox POST must be signed by its actor's key over `(request-target)`, `host`, `date` and `digest`, with a
 * Date within the hour and a Digest of the body: anything else is refused and changes nothing. Requests go to the
 * Worker with a recording queue, so a snapshot of every table and the queue show exactly what a refusal did.
 */

async function refused(request: Request, status: number): Promise<string> {
  recordingQueue.take();
  const before = await takeSnapshot();
  const problem = await expectProblem(await send(request), status);
  expect(await takeSnapshot()).toEqual(before);
  expect(recordingQueue.take()).toEqual([]);
  return problem.detail;
}

async function feedAndFollow(prefix = "reader") {
  const slug = await createFeed();
  await trustFerryActor(slug);
  const name = actorName(prefix);
  return { slug, name, follow: followActivity(name, slug) };
}

describe("the inboxes refuse what is not signed as it must be", () => {
  it("a Follow without a signature", async () => {
    const { slug, follow } = await feedAndFollow();
    const request = new Request(ferryInbox(slug), {
      method: "POST",
      headers: { "content-type": "application/activity+json" },
      body: JSON.stringify(follow),
    });
    expect(await refused(request, 401)).toMatch(/no Signature header/);
  });

  it("a Follow signed with another key than the actor's", async () => {
    const { slug, name, follow } = await feedAndFollow();
    const request = await signedPost(ferryInbox(slug), name, follow, { keyOf: actorName("mallory") });
    expect(await refused(request, 401)).toMatch(/does not verify/);
  });

  it("a Follow whose body was changed after signing, its Digest recomputed", async () => {
    const { slug, name, follow } = await feedAndFollow();
    const altered = JSON.stringify({ ...follow, object: `${follow.object}#altered` });
    const digest = `SHA-256=${btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(altered)))))}`;
    const request = await signedPost(ferryInbox(slug), name, follow, { send: altered });
    request.headers.set("digest", digest);
    expect(await refused(request, 401)).toMatch(/does not verify/);
  });

  it("a Follow whose Digest does not match the body", async () => {
    const { slug, name, follow } = await feedAndFollow();
    const request = await signedPost(ferryInbox(slug), name, follow, {
      send: JSON.stringify({ ...follow, id: `${follow.id}-2` }),
    });
    expect(await refused(request, 401)).toMatch(/Digest/);
  });

  it("an RFC 9421 Follow whose body was changed after signing", async () => {
    const { slug, name, follow } = await feedAndFollow();
    const request = await signedPost(ferryInbox(slug), name, follow, {
      scheme: "rfc9421",
      send: JSON.stringify({ ...follow, id: `${follow.id}-2` }),
    });
    expect(await refused(request, 401)).toMatch(/Content-Digest/);
  });

  it("a Follow with a stale Date, even correctly signed", async () => {
    const { slug, name, follow } = await feedAndFollow();
    const date = new Date(Date.now() - 2 * 3_600_000).toUTCString();
    expect(await refused(await signedPost(ferryInbox(slug), name, follow, { date }), 401)).toMatch(/hour/);
  });

  it("a signature that leaves out the digest or the request target", async () => {
    const { slug, name, follow } = await feedAndFollow();
    for (const headers of [
      ["(request-target)", "host", "date"],
      ["host", "date", "digest"],
    ]) {
      expect(await refused(await signedPost(ferryInbox(slug), name, follow, { headers }), 401)).toMatch(
        /does not cover/,
      );
    }
  });

  it("an activity signed by one actor on behalf of another", async () => {
    const { slug, name } = await feedAndFollow();
    const forged = { ...followActivity(actorName("victim"), slug) };
    expect(await refused(await signedPost(SHARED_INBOX, name, forged), 401)).toMatch(
      /not by the activity's actor/,
    );
  });

  it(`a body over ${MAX_INBOX_BODY_BYTES / 1024} KiB, before its signature is looked at`, async () => {
    const { slug, name, follow } = await feedAndFollow();
    const padded = { ...follow, padding: "x".repeat(MAX_INBOX_BODY_BYTES) };
    expect(await refused(await signedPost(ferryInbox(slug), name, padded), 413)).toMatch(/exceeds/);
  });

  it("a follower whose inbox is at a private address: no follower, no Accept", async () => {
    const { slug, name, follow } = await feedAndFollow("private");
    expect(await refused(await signedPost(ferryInbox(slug), name, follow), 400)).toMatch(
      /10\.0\.0\.1.*private address/,
    );
    expect(await followersOf(slug)).toEqual([]);
  });

  it("anything but an ActivityPub media type", async () => {
    const { slug, name, follow } = await feedAndFollow();
    const request = await signedPost(ferryInbox(slug), name, follow);
    request.headers.set("content-type", "text/plain");
    await refused(request, 415);
  });
});

describe("the inboxes accept and ignore", () => {
  it("signed activities of types a feed has no use for (202, nothing written)", async () => {
    const { slug, name } = await feedAndFollow();
    const like = {
      id: `${remoteActorId(name)}#likes/1`,
      type: "Like",
      actor: remoteActorId(name),
      object: "https://x.example/1",
    };
    recordingQueue.take();
    const before = await takeSnapshot();
    expect((await send(await signedPost(ferryInbox(slug), name, like))).status).toBe(202);
    expect(await takeSnapshot()).toEqual(before);
    expect(recordingQueue.take()).toEqual([]);
  });
});
