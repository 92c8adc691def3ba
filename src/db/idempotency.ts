/** The response first given to a request with an Idempotency-Key, replayed to its retries. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyRecord {
  requestHash: string;
  response: StoredResponse;
}

interface IdempotencyRow {
  request_hash: string;
  response_status: number;
  response_headers: string;
  response_body: string;
}

export async function findIdempotencyRecord(
  db: D1Database,
  tokenRowId: number,
  key: string,
): Promise<IdempotencyRecord | null> {
  const row = await db
    .prepare(
      `SELECT request_hash, response_status, response_headers, response_body
       FROM idempotency_keys WHERE token_id = ? AND idempotency_key = ?`,
    )
    .bind(tokenRowId, key)
    .first<IdempotencyRow>();
  if (!row) return null;
  return {
    requestHash: row.request_hash,
    response: {
      status: row.response_status,
      headers: JSON.parse(row.response_headers) as Record<string, string>,
      body: row.response_body,
    },
  };
}

export function insertIdempotencyStatement(
  db: D1Database,
  input: { tokenRowId: number; key: string; requestHash: string; response: StoredResponse; nowMs: number },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO idempotency_keys (token_id, idempotency_key, request_hash, response_status, response_headers,
         response_body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      input.tokenRowId,
      input.key,
      input.requestHash,
      input.response.status,
      JSON.stringify(input.response.headers),
      input.response.body,
      input.nowMs,
    );
}
