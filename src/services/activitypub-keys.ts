import { findActorKeys, insertActorKeysStatement } from "../db/activitypub-keys";
import type { Feed } from "../domain/feed";
import { generateRsaKeyPair, importPrivateKey } from "../domain/rsa-keys";
import { openSecret, type SecretKey, sealSecret } from "../domain/secret-box";
import { sealingKey } from "../domain/secret-keyring";
import { TtlCache } from "../outbound/ttl-cache";
import { readSecretKeyring, type SecretKeysEnv } from "./secret-keys";

const SEAL_PURPOSE = "activitypub-key";
/** Opened private keys an isolate keeps, so a batch of deliveries does not decrypt and import one key per send. */
const OPENED_KEY_TTL_MS = 3_600_000;
const OPENED_KEYS = new TtlCache<CryptoKey>(200, OPENED_KEY_TTL_MS);

/**
 * A feed's actor public key, made with its key pair the first time the actor is needed. Racing first uses each
 * make a pair, one of them is stored (`OR IGNORE`), and all of them read back and use that one. Throws
 * SecretKeyError when there is no SECRETS_KEY to seal a new private key with.
 */
export async function actorPublicKey(
  db: D1Database,
  feed: Feed,
  env: SecretKeysEnv,
  nowMs: number,
): Promise<string> {
  const stored = await findActorKeys(db, feed.rowId);
  if (stored) return stored.publicKeyPem;
  const key = sealingKey(await readSecretKeyring(env));
  const pair = await generateRsaKeyPair();
  const sealedPrivateKey = await sealSecret(key, SEAL_PURPOSE, pair.privateKeyPem);
  await insertActorKeysStatement(
    db,
    feed.rowId,
    { publicKeyPem: pair.publicKeyPem, sealedPrivateKey },
    nowMs,
  ).run();
  const kept = await findActorKeys(db, feed.rowId);
  if (!kept) throw new Error(`the key pair of feed ${feed.slug} was not stored`);
  return kept.publicKeyPem;
}

/** The signing key a sealed private key holds, opened with `keys`; SecretKeyError when it does not open. */
export async function openActorKey(
  keys: readonly SecretKey[],
  sealedPrivateKey: string,
  nowMs = Date.now(),
): Promise<CryptoKey> {
  const cached = OPENED_KEYS.get(sealedPrivateKey, nowMs);
  if (cached) return cached;
  // Only opened keys are kept: a pending promise belongs to the request that started it.
  const opened = await importPrivateKey(await openSecret(keys, SEAL_PURPOSE, sealedPrivateKey));
  OPENED_KEYS.set(sealedPrivateKey, opened, OPENED_KEY_TTL_MS, nowMs);
  return opened;
}
