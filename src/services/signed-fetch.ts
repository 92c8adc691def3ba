import { actorUrls } from "../activitypub/actor-urls";
import { findActorKeys } from "../db/activitypub-keys";
import type { Feed } from "../domain/feed";
import { signOutgoing } from "../domain/http-signature";
import { openActorKey } from "./activitypub-keys";
import { readSecretKeyring, type SecretKeysEnv } from "./secret-keys";

type Signer = (url: URL) => Promise<Record<string, string>>;

/**
 * How Ferry signs its GETs of other servers' documents on behalf of `feed`, for servers that answer only signed
 * fetches ("authorized fetch"). The key is read only when a fetch happens. Unsigned when there is no feed, the
 * feed has no key yet, or its key does not open.
 */
export function signedFetchAs(
  db: D1Database,
  feed: Feed | null,
  ctx: { secrets: SecretKeysEnv; origin: string },
): Signer {
  return async (url) => {
    const privateKey = feed ? await signingKeyOf(db, feed, ctx.secrets) : null;
    if (!feed || !privateKey) return {};
    const keyId = actorUrls(ctx.origin, feed.slug).keyId;
    return signOutgoing({ keyId, privateKey, method: "GET", url, body: null, nowMs: Date.now() });
  };
}

async function signingKeyOf(db: D1Database, feed: Feed, secrets: SecretKeysEnv): Promise<CryptoKey | null> {
  const stored = await findActorKeys(db, feed.rowId);
  if (!stored) return null;
  try {
    return await openActorKey((await readSecretKeyring(secrets)).keys, stored.sealedPrivateKey);
  } catch {
    return null;
  }
}
