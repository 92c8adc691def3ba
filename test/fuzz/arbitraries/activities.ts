import fc from "fast-check";
import { MAIN_FEED, ORIGIN, OTHER_FEED } from "./names";
import { nastyString } from "./values";

/**
 * Activities POSTed to the inboxes: Follow, Undo, Delete and others, naming Ferry's actors and near misses. None
 * is signed, and some carry Signature, Date and Digest headers' worth of junk in their members: every one must be
 * refused with a 401 (or a 4xx before it) and change nothing.
 */
const actorOfFerry = fc.constantFrom(
  `${ORIGIN}/feeds/${MAIN_FEED}/actor`,
  `${ORIGIN}/feeds/${OTHER_FEED}/actor`,
  `${ORIGIN}/feeds/fz-nope/actor`,
  `${ORIGIN}/feeds/${MAIN_FEED}/actor/`,
  `https://elsewhere.example/feeds/${MAIN_FEED}/actor`,
);

const remoteActor = fc.oneof(
  fc.nat({ max: 99 }).map((n) => `https://remote.example/users/u${n}`),
  fc.constant("http://127.0.0.1:9/users/local"),
  nastyString,
);

const ref = fc.oneof(
  actorOfFerry,
  remoteActor,
  remoteActor.map((id) => ({ id, type: "Person" })),
);

export const activityBody = fc
  .record({
    "@context": fc.constantFrom("https://www.w3.org/ns/activitystreams", [
      "https://www.w3.org/ns/activitystreams",
    ]),
    id: fc.oneof(
      remoteActor.map((a) => `${a}#follows/1`),
      nastyString,
    ),
    type: fc.oneof(
      fc.constantFrom("Follow", "Undo", "Delete", "Create", "Like", "Accept", ["Follow"]),
      nastyString,
    ),
    actor: ref,
    object: fc.oneof(
      ref,
      fc.record({
        id: remoteActor,
        type: fc.constantFrom("Follow", "Note"),
        actor: remoteActor,
        object: actorOfFerry,
      }),
    ),
  })
  .map((value) => ({ kind: "json" as const, value }));
