import { env } from "cloudflare:test";
import type { TokenRole } from "../../../src/domain/tokens";
import type { ParamChoice, Who } from "../../fuzz/arbitraries/case";
import { MAIN_FEED, OTHER_FEED, SEED_AUTHOR, SEED_TAG } from "../../fuzz/arbitraries/names";
import { createFeed } from "../seed";
import {
  adminRequest,
  mintToken,
  type PoolToken,
  seedArticle,
  seedDeliveries,
  seedEndpoint,
  seedSubscription,
} from "./world-seed";

/** Requests per token before a fresh one replaces it, well under the per-token rate limit (600 a minute). */
const USES_BEFORE_REMINT = 250;

const LIVE_ROLES: Readonly<
  Record<Exclude<Who, "revoked" | "expired" | "unknown">, { role: TokenRole; feeds: string[] | null }>
> = {
  admin: { role: "admin", feeds: null },
  scopedAdmin: { role: "admin", feeds: [MAIN_FEED] },
  write: { role: "write", feeds: [MAIN_FEED] },
  read: { role: "read", feeds: [MAIN_FEED] },
  otherFeed: { role: "write", feeds: [OTHER_FEED] },
};
type LiveWho = keyof typeof LIVE_ROLES;

/**
 * What the fuzzers act on: two feeds, tokens of every role and scope (plus revoked, expired and unknown ones),
 * live, deleted and future articles, webhook endpoints with deliveries in every state. Pools grow as fuzzing
 * creates things, so later cases reach them; tokens are replaced before they hit their rate limit.
 */
export class FuzzWorld {
  /** Set when the harness itself wrote to D1, so the next "before" snapshot must be taken afresh. */
  dirty = true;
  private readonly tokens = new Map<LiveWho, PoolToken>();
  private revoked = "";
  private expired = "";
  private readonly pools: Record<string, Record<string, string[]>> = {
    feed: { main: [MAIN_FEED], other: [OTHER_FEED], created: [], unknown: ["fz-nope"] },
    id: { live: [], created: [], deleted: [], future: [], otherFeed: [], unknown: [crypto.randomUUID()] },
    token_id: { victim: [], created: [], revoked: [], unknown: [crypto.randomUUID()] },
    endpoint: { seeded: [], created: [], otherFeed: [], unknown: ["ep_0123456789abcdef01234567"] },
    delivery: {
      dead: [],
      succeeded: [],
      pending: [],
      cancelled: [],
      unknown: ["dlv_0123456789abcdef01234567"],
    },
    subscription: { seeded: [], unknown: ["sub_0123456789abcdef01234567"] },
    tag: { tag: [SEED_TAG], unknown: ["no such term"] },
    name: { author: [SEED_AUTHOR], unknown: ["no such term"] },
  };

  static async create(): Promise<FuzzWorld> {
    const world = new FuzzWorld();
    await world.seed();
    return world;
  }

  private async seed(): Promise<void> {
    await createFeed(MAIN_FEED, { itemLimit: 10 });
    await createFeed(OTHER_FEED);
    for (const who of Object.keys(LIVE_ROLES) as LiveWho[]) {
      const { role, feeds } = LIVE_ROLES[who];
      this.tokens.set(who, await mintToken(role, feeds));
    }
    const revoked = await mintToken("admin", null);
    await env.DB.prepare("UPDATE api_tokens SET revoked_at = ? WHERE public_id = ?")
      .bind(Date.now(), revoked.publicId)
      .run();
    this.revoked = revoked.secret;
    this.expired = (await mintToken("admin", null, { expiresAt: Date.now() - 1000 })).secret;
    for (let i = 0; i < 3; i += 1)
      this.pools.token_id?.victim?.push((await mintToken("read", [MAIN_FEED])).publicId);

    const article = {
      title: "Seed",
      tags: [SEED_TAG, "seed"],
      authors: [{ name: SEED_AUTHOR }],
      content_html: "<p>seed</p>",
    };
    for (let i = 0; i < 4; i += 1)
      this.pool("id", "live").push(await this.seedArticle(MAIN_FEED, { ...article, title: `Seed ${i}` }));
    const deleted = await this.seedArticle(MAIN_FEED, article);
    await adminRequest(this.secretOf("admin"), "DELETE", `/v1/feeds/${MAIN_FEED}/articles/${deleted}`);
    this.pool("id", "deleted").push(deleted);
    this.pool("id", "future").push(
      await this.seedArticle(MAIN_FEED, { ...article, date_published: "2099-01-01T00:00:00Z" }),
    );
    this.pool("id", "otherFeed").push(await this.seedArticle(OTHER_FEED, article));

    this.pool("endpoint", "otherFeed").push(await seedEndpoint(this.secretOf("admin"), OTHER_FEED));
    await this.seedDeliveryEndpoint();
    this.pool("subscription", "seeded").push(await seedSubscription());
    this.dirty = true;
  }

  private pool(param: string, name: string): string[] {
    const pool = this.pools[param]?.[name];
    if (!pool) throw new Error(`no pool ${param}.${name}`);
    return pool;
  }

  private seedArticle(slug: string, article: Record<string, unknown>): Promise<string> {
    return seedArticle(this.secretOf("admin"), slug, article);
  }

  /** An endpoint on the main feed with one delivery in each state, for the log, redelivery and replay routes. */
  private async seedDeliveryEndpoint(): Promise<void> {
    const endpointId = await seedEndpoint(this.secretOf("admin"), MAIN_FEED);
    const deliveries = await seedDeliveries(endpointId);
    for (const [status, deliveryId] of Object.entries(deliveries))
      this.pool("delivery", status).push(deliveryId);
    this.pool("endpoint", "seeded").push(endpointId);
  }

  /** The secret for `who`, replacing a pool token that has used up its share of the rate limit. */
  async credential(who: Who): Promise<string> {
    if (who === "revoked") return this.revoked;
    if (who === "expired") return this.expired;
    if (who === "unknown") return "fry_0000000000000000000000000000000000000000000";
    let token = this.tokens.get(who) as PoolToken;
    if (token.uses >= USES_BEFORE_REMINT) {
      token = await mintToken(LIVE_ROLES[who].role, LIVE_ROLES[who].feeds);
      this.tokens.set(who, token);
      this.dirty = true;
    }
    token.uses += 1;
    return token.secret;
  }

  private secretOf(who: LiveWho): string {
    return (this.tokens.get(who) as PoolToken).secret;
  }

  /** The path segment a parameter choice stands for, percent-encoded unless it is raw literal text. */
  resolve(param: string, choice: ParamChoice): string {
    if ("literal" in choice) return choice.raw ? choice.literal : encodeSegment(choice.literal);
    if (param === "token_id" && choice.pool === "self")
      return (this.tokens.get("admin") as PoolToken).publicId;
    if (choice.pool === "upper") {
      const base = param === "token_id" ? this.pool("token_id", "victim") : this.pool("id", "live");
      return this.pick(base, choice.index).toUpperCase();
    }
    const pools = this.pools[param];
    // code names its value directly; an empty pool (nothing created yet) falls back to the first.
    if (!pools) return choice.pool;
    const pool = pools[choice.pool]?.length
      ? (pools[choice.pool] as string[])
      : (Object.values(pools).find((p) => p.length > 0) ?? [""]);
    return encodeSegment(this.pick(pool, choice.index));
  }

  private pick(pool: readonly string[], index: number): string {
    return pool[index % pool.length] ?? "";
  }

  /** The `ETag` of an article's current version, as GET answers it (for If-Match). */
  async articleEtag(id: string): Promise<string> {
    const row = await env.DB.prepare("SELECT public_id, updated_at FROM articles WHERE public_id = ?")
      .bind(id.toLowerCase())
      .first<{ public_id: string; updated_at: number }>();
    return row ? `"${row.public_id}-${row.updated_at}"` : '"no-such-article"';
  }

  /** Learns from an answered request: what it created joins the pools, a rotated pool token's new secret is kept. */
  async observe(
    routeName: string,
    status: number,
    json: Record<string, unknown> | null,
    adminSelf: boolean,
  ): Promise<void> {
    if (status >= 300 || !json) return;
    const id = typeof json.id === "string" ? json.id : null;
    if (routeName === "createArticle" && id && json.feed === MAIN_FEED) this.pool("id", "created").push(id);
    if (routeName === "createFeed" && typeof json.slug === "string")
      this.pool("feed", "created").push(json.slug);
    if (routeName === "createWebhook" && id && json.feed === MAIN_FEED)
      this.pool("endpoint", "created").push(id);
    if (routeName === "createToken" && id) this.pool("token_id", "created").push(id);
    if (routeName === "rotateToken" && adminSelf && typeof json.token === "string") {
      (this.tokens.get("admin") as PoolToken).secret = json.token;
    }
  }

  /**
   * After an accepted article write: deleted articles leave the live pools (they stay reachable as "deleted"),
   * and a fresh article is seeded when too few are left, so edits keep finding something to edit.
   */
  async keepLiveArticles(): Promise<void> {
    const deleted = await env.DB.prepare("SELECT public_id FROM articles WHERE deleted_at IS NOT NULL").all<{
      public_id: string;
    }>();
    const gone = new Set(deleted.results.map((r) => r.public_id));
    for (const name of ["live", "created"]) {
      const pool = this.pool("id", name);
      const kept = pool.filter((id) => !gone.has(id));
      for (const id of pool)
        if (gone.has(id) && !this.pool("id", "deleted").includes(id)) this.pool("id", "deleted").push(id);
      pool.splice(0, pool.length, ...kept);
    }
    if (this.pool("id", "live").length < 3) {
      this.pool("id", "live").push(
        await this.seedArticle(MAIN_FEED, {
          title: "Fresh",
          tags: [SEED_TAG],
          authors: [{ name: SEED_AUTHOR }],
        }),
      );
      this.dirty = true;
    }
  }

  /**
   * After an accepted token write: revoked victims move to the "revoked" pool and fresh ones replace them, so
   * reads, rotations and revocations keep finding a live token to act on.
   */
  async keepVictims(): Promise<void> {
    const victims = this.pool("token_id", "victim");
    const placeholders = victims.map(() => "?").join(", ");
    const { results } = await env.DB.prepare(
      `SELECT public_id FROM api_tokens WHERE revoked_at IS NOT NULL AND public_id IN (${placeholders})`,
    )
      .bind(...victims)
      .all<{ public_id: string }>();
    const revoked = new Set(results.map((r) => r.public_id));
    if (revoked.size === 0) return;
    this.pool("token_id", "revoked").push(...revoked);
    victims.splice(0, victims.length, ...victims.filter((id) => !revoked.has(id)));
    while (victims.length < 3) victims.push((await mintToken("read", [MAIN_FEED])).publicId);
    this.dirty = true;
  }

  /**
   * After an accepted feed write: a feed set to show more than 20 items goes back to 10, so the feed checks
   * after every write stay cheap however long a run is (the change itself was checked before this).
   */
  async capItemLimits(): Promise<void> {
    const { meta } = await env.DB.prepare("UPDATE feeds SET item_limit = 10 WHERE item_limit > 20").run();
    if (meta.changes > 0) this.dirty = true;
  }

  /**
   * After an accepted webhook write: the seeded endpoint is replaced if it was deleted, and its deliveries are
   * put back in their states if a redelivery or replay reset them, so every path of those routes stays reachable.
   */
  async maintainDeliveryEndpoint(): Promise<void> {
    const seeded = this.pool("endpoint", "seeded")[0] ?? "";
    const row = await env.DB.prepare("SELECT deleted_at FROM webhook_endpoints WHERE public_id = ?")
      .bind(seeded)
      .first<{ deleted_at: number | null }>();
    if (!row || row.deleted_at !== null) {
      for (const status of ["dead", "succeeded", "pending", "cancelled"])
        this.pool("delivery", status).length = 0;
      this.pool("endpoint", "seeded").length = 0;
      await this.seedDeliveryEndpoint();
    } else {
      for (const status of ["dead", "succeeded", "pending", "cancelled"]) {
        await env.DB.prepare("UPDATE deliveries SET status = ? WHERE public_id = ? AND status != ?")
          .bind(status, this.pool("delivery", status)[0] ?? "", status)
          .run();
      }
    }
    this.dirty = true;
  }

  isAdminSelf(segment: string): boolean {
    return segment.toLowerCase() === (this.tokens.get("admin") as PoolToken).publicId;
  }
}

/** encodeURIComponent, except that text it cannot encode (a lone surrogate) goes in as it is. */
export function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

/** decodeURIComponent, except that text it cannot decode (a stray `%`) stays as it is. */
export function decodeSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
