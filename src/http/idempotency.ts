import { findIdempotencyRecord, insertIdempotencyStatement, type StoredResponse } from "../db/idempotency";
import { FerryError } from "../domain/problems";
import { openSecret, type SecretKey, sealedKeyId, sealSecret } from "../domain/secret-box";
import type { SecretKeyring } from "../domain/secret-keyring";
import { toHex } from "../domain/tokens";
import type { PreparedWrite } from "../services/write-plan";
import { asProblem } from "./secret-sealing";

/** Called once a write is committed (never for a replay), e.g. to queue its outbox events. */
export type OnCommitted = (write: PreparedWrite) => void;

/** For a response that carries a secret: its body is stored sealed under `key` and opened on replay. */
export interface ResponseSealing {
  keyring: SecretKeyring;
  key: SecretKey;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Reads and checks the optional `Idempotency-Key` header (visible ASCII, at most 255 characters). */
export function readIdempotencyKey(request: Request): string | null {
  const raw = request.headers.get("idempotency-key");
  if (raw === null) return null;
  const key = raw.trim().replace(/^"(.*)"$/, "$1");
  if (!KEY_PATTERN.test(key)) {
    throw new FerryError("bad_request", "Idempotency-Key must be 1-255 visible ASCII characters.", {
      parameters: [
        {
          parameter: "Idempotency-Key",
          in: "header",
          detail: "`Idempotency-Key` must be 1-255 visible ASCII characters.",
        },
      ],
    });
  }
  return key;
}

async function fingerprint(method: string, path: string, body: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`${method} ${path}\n${body}`),
  );
  return toHex(new Uint8Array(digest));
}

function toResponse(stored: StoredResponse, replayed: boolean): Response {
  const headers = new Headers(stored.headers);
  if (replayed) headers.set("idempotent-replayed", "true");
  // 204 and 304 must not carry a body, not even an empty one.
  const body = stored.status === 204 || stored.status === 304 ? null : stored.body;
  return new Response(body, { status: stored.status, headers });
}

async function replayOrReject(
  record: { requestHash: string; response: StoredResponse },
  hash: string,
  sealing: ResponseSealing | undefined,
): Promise<Response> {
  if (record.requestHash !== hash) {
    throw new FerryError(
      "idempotency_key_reused",
      "This Idempotency-Key was already used for a different request; use a new key for a new request.",
    );
  }
  return toResponse(await openStored(record.response, sealing), true);
}

/** The response as the key's record keeps it: sealed when it carries a secret, as it is otherwise. */
async function sealForStorage(response: StoredResponse, sealing: ResponseSealing | undefined) {
  if (!sealing) return response;
  return { ...response, body: await sealSecret(sealing.key, "idempotent-response", response.body) };
}

async function openStored(stored: StoredResponse, sealing: ResponseSealing | undefined) {
  // A JSON body never starts with the sealed prefix, so only a sealed one is opened.
  if (sealedKeyId(stored.body) === null) return stored;
  if (!sealing) throw new Error("A sealed idempotent response was replayed by a route that does not seal.");
  try {
    return { ...stored, body: await openSecret(sealing.keyring.keys, "idempotent-response", stored.body) };
  } catch (error) {
    throw asProblem(error);
  }
}

/** Commits a write's statements in one batch (all or nothing) and answers with its response. */
export async function commitWrite(
  db: D1Database,
  write: PreparedWrite,
  onCommitted?: OnCommitted,
): Promise<Response> {
  await db.batch(write.statements);
  onCommitted?.(write);
  return toResponse(write.response, false);
}

/**
 * Commits a write at most once per (token, Idempotency-Key): the write and the key's record go into one
 * D1 batch, so a retry either replays the first response or finds nothing committed at all. A request with
 * `sealing` answers with a secret: its record keeps the response sealed, never in clear.
 */
export async function commitIdempotently(
  db: D1Database,
  request: {
    tokenRowId: number;
    key: string | null;
    method: string;
    path: string;
    body: string;
    sealing?: ResponseSealing;
  },
  prepare: () => Promise<PreparedWrite>,
  onCommitted?: OnCommitted,
): Promise<Response> {
  if (request.key === null) return commitWrite(db, await prepare(), onCommitted);
  const hash = await fingerprint(request.method, request.path, request.body);
  const existing = await findIdempotencyRecord(db, request.tokenRowId, request.key);
  if (existing) return replayOrReject(existing, hash, request.sealing);
  const write = await prepare();
  const record = insertIdempotencyStatement(db, {
    tokenRowId: request.tokenRowId,
    key: request.key,
    requestHash: hash,
    response: await sealForStorage(write.response, request.sealing),
    nowMs: Date.now(),
  });
  try {
    await db.batch([...write.statements, record]);
  } catch (error) {
    // A concurrent request with the same key won the race; its batch committed, ours rolled back whole.
    const winner = await findIdempotencyRecord(db, request.tokenRowId, request.key);
    if (winner) return replayOrReject(winner, hash, request.sealing);
    throw error;
  }
  onCommitted?.(write);
  return toResponse(write.response, false);
}
