import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  claimAccept,
  findAcceptJob,
  finishAcceptStatement,
  listDueAcceptIds,
} from "../src/db/activitypub-accepts";
import {
  countFollowers,
  findFollowerKey,
  removeFollowersStatements,
  upsertFollower,
} from "../src/db/activitypub-followers";
import { findInboxTargets, inboxFanOutStatement } from "../src/db/activitypub-inboxes";
import { findActorKeys } from "../src/db/activitypub-keys";
import { listDueDeliveryIds } from "../src/db/deliveries";
import {
  explainPlan,
  partialIndexNames,
  planProblems,
  recordingD1,
  tableAliases,
} from "./support/recording-d1";

/**
 * Every statement of following and of delivering to followers reads through an index: a Follow, an Undo or a
 * delivery costs the same whatever the number of followers, feeds and deliveries (the caps bound the counts).
 */
async function recordFollowing() {
  const { db, statements } = recordingD1();
  const now = Date.UTC(2026, 10, 1);
  await findActorKeys(db, 1);
  await upsertFollower(
    db,
    {
      feedRowId: 1,
      actorId: "https://social.example/users/alice",
      host: "social.example",
      inboxUrl: "https://social.example/users/alice/inbox",
      sharedInboxUrl: "https://social.example/inbox",
      keyId: "https://social.example/users/alice#main-key",
      publicKeyPem: "pem",
      followActivityId: "https://social.example/follows/1",
      origin: "https://ferry.test",
    },
    now,
  );
  await db.batch(
    removeFollowersStatements(db, {
      actorId: "https://social.example/users/alice",
      feedRowId: 1,
      followActivityId: null,
    }),
  );
  await db.batch(
    removeFollowersStatements(db, {
      actorId: "https://social.example/users/alice",
      feedRowId: null,
      followActivityId: "f",
    }),
  );
  await db.batch(removeFollowersStatements(db, { inboxRowId: 1 }));
  await countFollowers(db, 1);
  await findFollowerKey(db, "https://social.example/users/alice#main-key");
  await inboxFanOutStatement(db, "msg_plans", now).run();
  await findInboxTargets(db, [1, 2]);
  await findAcceptJob(db, 1);
  await claimAccept(db, 1, now, 60_000);
  await finishAcceptStatement(db, 1, { status: "sent", nextAttemptAt: now, error: null, nowMs: now }).run();
  await listDueAcceptIds(db, now, now, 100);
  await listDueDeliveryIds(db, now, now, 100);
  return statements;
}

describe("following and delivering to followers: query plans", async () => {
  const statements = await recordFollowing();

  it("records every statement", () => {
    expect(statements).toHaveLength(19);
  });

  it.each(statements.map((statement) => ({ sql: statement.sql.trim().split("\n")[0], statement })))(
    "$sql uses indexes only",
    async ({ statement }) => {
      const plan = await explainPlan(env.DB, statement);
      const problems = planProblems(plan, await partialIndexNames(env.DB), tableAliases(statement.sql));
      expect(problems, `${statement.sql}\n${plan.map((s) => s.detail).join("\n")}`).toEqual([]);
    },
  );
});
