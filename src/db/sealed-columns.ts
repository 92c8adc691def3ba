import { SEALED_HEADER_CHARS, SEALED_PREFIX, type SecretPurpose, sealedHeader } from "../domain/secret-box";

/** A column that holds sealed values, and the purpose they are sealed for. */
export interface SealedColumn {
  table: string;
  column: string;
  purpose: SecretPurpose;
  /** Whether a value in clear is a secret (stored before 0008) that must be sealed, or an ordinary value. */
  clearIsSecret: boolean;
}

/** Every column Ferry seals secrets in. */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: "webhook_endpoints", column: "secret", purpose: "webhook-secret", clearIsSecret: true },
  { table: "webhook_endpoints", column: "previous_secret", purpose: "webhook-secret", clearIsSecret: true },
  { table: "websub_subscriptions", column: "secret", purpose: "websub-secret", clearIsSecret: true },
  { table: "websub_intents", column: "secret", purpose: "websub-secret", clearIsSecret: true },
  { table: "activitypub_keys", column: "private_key", purpose: "activitypub-key", clearIsSecret: true },
  // Only answers that carry a secret are sealed; the others are stored as they are.
  {
    table: "idempotency_keys",
    column: "response_body",
    purpose: "idempotent-response",
    clearIsSecret: false,
  },
];

// Sealed values sort between these two strings; anything outside them is stored in clear.
const SEALED_LOW = SEALED_PREFIX;
const SEALED_HIGH = `${SEALED_PREFIX.slice(0, -1)};`;

/** The value's first characters, exactly as the 0008 expression indexes cover them. */
function headerOf(column: SealedColumn): string {
  return `substr(${column.column}, 1, ${SEALED_HEADER_CHARS})`;
}

/**
 * The values the cron re-encrypts: those in clear that are secrets, and those sealed under `staleKeyId` (the
 * previous key). Every term is a range of the header index, so the search reads only the rows still to do.
 * Null when there is nothing to look for.
 */
function resealCondition(
  column: SealedColumn,
  staleKeyId: string | null,
): { sql: string; params: string[] } | null {
  const header = headerOf(column);
  const terms: string[] = [];
  const params: string[] = [];
  if (column.clearIsSecret) {
    terms.push(`${header} < ?`, `${header} >= ?`);
    params.push(SEALED_LOW, SEALED_HIGH);
  }
  if (staleKeyId !== null) {
    terms.push(`${header} = ?`);
    params.push(sealedHeader(staleKeyId));
  }
  return terms.length === 0 ? null : { sql: terms.join(" OR "), params };
}

/** Up to `limit` stored values of `column` that the cron still has to re-encrypt. */
export async function listValuesToReseal(
  db: D1Database,
  column: SealedColumn,
  staleKeyId: string | null,
  limit: number,
): Promise<string[]> {
  const condition = resealCondition(column, staleKeyId);
  if (!condition) return [];
  const { results } = await db
    .prepare(`SELECT ${column.column} AS value FROM ${column.table} WHERE ${condition.sql} LIMIT ?`)
    .bind(...condition.params, limit)
    .all<{ value: string }>();
  return results.map((r) => r.value);
}

/** Replaces one stored value by its re-encryption, only if it is still the value that was read. */
export function resealStatement(db: D1Database, column: SealedColumn, from: string, to: string) {
  const header = headerOf(column);
  return db
    .prepare(
      `UPDATE ${column.table} SET ${column.column} = ?1
       WHERE ${header} = substr(?2, 1, ${SEALED_HEADER_CHARS}) AND ${column.column} = ?2`,
    )
    .bind(to, from);
}

/** The health check is public: it counts at most this many values per column, so its cost stays bounded. */
export const RESEAL_COUNT_CAP = 10_000;

/** How many stored values are still in clear or under `staleKeyId` (at most the cap per column): one query. */
export async function countValuesToReseal(db: D1Database, staleKeyId: string | null): Promise<number> {
  const counts = SEALED_COLUMNS.flatMap((column) => {
    const condition = resealCondition(column, staleKeyId);
    return condition
      ? [
          {
            sql: `(SELECT count(*) FROM (SELECT 1 FROM ${column.table} WHERE ${condition.sql} LIMIT ${RESEAL_COUNT_CAP}))`,
            params: condition.params,
          },
        ]
      : [];
  });
  const row = await db
    .prepare(`SELECT ${counts.map((c) => c.sql).join(" + ")} AS n`)
    .bind(...counts.flatMap((c) => c.params))
    .first<{ n: number }>();
  return row?.n ?? 0;
}
