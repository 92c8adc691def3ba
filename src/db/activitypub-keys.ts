/** A feed's actor key pair as stored: the public key in clear, the private key sealed. */
export interface StoredActorKeys {
  publicKeyPem: string;
  sealedPrivateKey: string;
}

export async function findActorKeys(db: D1Database, feedRowId: number): Promise<StoredActorKeys | null> {
  const row = await db
    .prepare("SELECT public_key, private_key FROM activitypub_keys WHERE feed_id = ?")
    .bind(feedRowId)
    .first<{ public_key: string; private_key: string }>();
  return row ? { publicKeyPem: row.public_key, sealedPrivateKey: row.private_key } : null;
}

/** Stores a feed's first key pair; a pair already there wins (`OR IGNORE`), so racing first uses agree on one. */
export function insertActorKeysStatement(
  db: D1Database,
  feedRowId: number,
  keys: StoredActorKeys,
  nowMs: number,
): D1PreparedStatement {
  return db
    .prepare(
      "INSERT OR IGNORE INTO activitypub_keys (feed_id, public_key, private_key, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(feedRowId, keys.publicKeyPem, keys.sealedPrivateKey, nowMs);
}
