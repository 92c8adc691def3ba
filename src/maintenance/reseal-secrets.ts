import {
  countValuesToReseal,
  listValuesToReseal,
  resealStatement,
  SEALED_COLUMNS,
  type SealedColumn,
} from "../db/sealed-columns";
import { openSecret, type SecretKey, SecretKeyError, sealSecret } from "../domain/secret-box";
import { sealingKey } from "../domain/secret-keyring";
import type { Env } from "../env";
import { readSecretKeyring } from "../services/secret-keys";

/** Values of each sealed column re-encrypted per round; each round is committed before the next starts. */
export const RESEAL_BATCH_ROWS = 50;
/** Rounds per cron run: at most 200 values of each column a minute, so a rotation never makes a long cron run. */
export const RESEAL_MAX_ROUNDS = 4;

export interface ResealResult {
  /** Values moved from clear, or from SECRETS_KEY_PREVIOUS, to SECRETS_KEY. */
  resealed: number;
  /** Values under SECRETS_KEY_PREVIOUS that failed to open (altered or moved): left as they are. */
  unreadable: number;
  /** Values still in clear or under SECRETS_KEY_PREVIOUS after this run; counted only when it did something. */
  remaining: number | null;
}

/**
 * Re-encrypts, in bounded rounds, every stored secret that is in clear (written before encryption) or sealed
 * under SECRETS_KEY_PREVIOUS, under SECRETS_KEY. Each update applies only if the value is still the one read,
 * so a secret rotated meanwhile is never overwritten. Throws when there is no SECRETS_KEY to seal with.
 */
export async function resealSecrets(env: Env): Promise<ResealResult> {
  const keyring = await readSecretKeyring(env);
  const key = sealingKey(keyring);
  const staleKeyId = keyring.previous?.id ?? null;
  const total: ResealResult = { resealed: 0, unreadable: 0, remaining: null };
  for (let round = 0; round < RESEAL_MAX_ROUNDS; round += 1) {
    const statements: D1PreparedStatement[] = [];
    let unreadable = 0;
    let full = false;
    for (const column of SEALED_COLUMNS) {
      const values = await listValuesToReseal(env.DB, column, staleKeyId, RESEAL_BATCH_ROWS);
      full ||= values.length === RESEAL_BATCH_ROWS;
      for (const value of values) {
        const resealed = await resealValue(keyring.keys, key, column, value);
        if (resealed === null) unreadable += 1;
        else statements.push(resealStatement(env.DB, column, value, resealed));
      }
    }
    const results = statements.length > 0 ? await env.DB.batch(statements) : [];
    total.resealed += results.reduce((sum, r) => sum + (r?.meta.changes ?? 0), 0);
    total.unreadable = unreadable;
    // Stop once every column is done, or when a round could only find values it cannot open.
    if (!full || statements.length === 0) break;
  }
  if (total.resealed > 0 || total.unreadable > 0) {
    total.remaining = await countValuesToReseal(env.DB, staleKeyId);
  }
  return total;
}

/** The value sealed under the current key, or null when it does not open. */
async function resealValue(
  keys: readonly SecretKey[],
  key: SecretKey,
  column: SealedColumn,
  value: string,
): Promise<string | null> {
  try {
    const plaintext = await openSecret(keys, column.purpose, value);
    return await sealSecret(key, column.purpose, plaintext);
  } catch (error) {
    if (error instanceof SecretKeyError) return null;
    throw error;
  }
}
