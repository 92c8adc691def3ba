import * as v from "valibot";

/**
 * What Ferry reads of an activity POSTed to an inbox. Only following matters to a feed: Follow, Undo of a
 * Follow, and an actor deleting itself. Every other activity (replies, likes, boosts, unknown types) is
 * accepted and ignored.
 */

/** Ids Ferry keeps or compares: URLs of a sane length. */
const MAX_ID_CHARS = 2048;
const Id = v.pipe(v.string(), v.maxLength(MAX_ID_CHARS), v.url());
/** An id, or an embedded object that has one. */
const Ref = v.union([Id, v.looseObject({ id: Id })]);
const Type = v.union([v.string(), v.array(v.string())]);

const EmbeddedFollow = v.looseObject({
  id: v.optional(Id),
  type: Type,
  actor: v.optional(Ref),
  object: v.optional(Ref),
});

const IncomingActivitySchema = v.looseObject({
  id: v.optional(Id),
  type: Type,
  actor: Ref,
  object: v.optional(v.union([Id, EmbeddedFollow])),
});

export type IncomingActivity =
  /** `actor` asks to follow the actor at `object`; the Accept names the Follow by `id`. */
  | { kind: "follow"; id: string; actor: string; object: string }
  /** `actor` stops following: the Follow's id, and the actor it followed when the Undo says. */
  | { kind: "unfollow"; actor: string; followId: string | null; object: string | null }
  /** `actor` deleted itself: it follows nothing any more. */
  | { kind: "actor-deleted"; actor: string }
  | { kind: "other"; actor: string };

/** Reads a parsed inbox body; null when it is not an activity with an actor. */
export function readIncomingActivity(value: unknown): IncomingActivity | null {
  const parsed = v.safeParse(IncomingActivitySchema, value);
  if (!parsed.success) return null;
  const activity = parsed.output;
  const actor = idOf(activity.actor);
  const object = activity.object;
  if (hasType(activity.type, "Follow") && object !== undefined && activity.id !== undefined) {
    return { kind: "follow", id: activity.id, actor, object: idOf(object) };
  }
  if (hasType(activity.type, "Undo") && object !== undefined) {
    if (typeof object === "string") return { kind: "unfollow", actor, followId: object, object: null };
    if (hasType(object.type, "Follow")) {
      const followed = object.object === undefined ? null : idOf(object.object);
      return { kind: "unfollow", actor, followId: object.id ?? null, object: followed };
    }
  }
  if (hasType(activity.type, "Delete") && object !== undefined && idOf(object) === actor) {
    return { kind: "actor-deleted", actor };
  }
  return { kind: "other", actor };
}

function idOf(ref: string | { id?: string }): string {
  return typeof ref === "string" ? ref : (ref.id ?? "");
}

function hasType(type: string | string[], name: string): boolean {
  return typeof type === "string" ? type === name : type.includes(name);
}
