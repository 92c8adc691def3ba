import type { FeedFormat } from "../feeds/feed-document";
import type { RepresentationMeta } from "./feed-headers";

/**
 * How long a feed representation is reused from this isolate's memory without asking D1, by default.
 * Readers are told they may reuse a feed for 60 s anyway; one second here turns a burst of polls into one
 * D1 query. Writes through this isolate clear the memo at once; other isolates see them within the TTL.
 */
export const DEFAULT_FEED_MEMO_TTL_MS = 1_000;
/** Bounds on what one isolate keeps, whatever the traffic. */
const MAX_MEMO_ENTRIES = 256;
const MAX_MEMO_BYTES = 8 * 1024 * 1024;

export interface MemoEntry {
  meta: RepresentationMeta;
  /**
   * The rendered body, UTF-8 encoded once so a hit sends bytes without re-encoding; null when only a 304 or
   * HEAD was answered (the validators are known, the body was never rendered).
   */
  body: Uint8Array<ArrayBuffer> | null;
  storedAt: number;
}

const entries = new Map<string, MemoEntry>();
let storedBytes = 0;

/**
 * Where a representation is kept. A feed file (RSS, Atom or JSON Feed at a URL of its own) is keyed by its URL
 * alone, so that a poll can be answered before any routing (memo-fast-path.ts). A URL that negotiates its format
 * serves several representations, and an HTML page gets the app's page headers, so their keys name the format
 * and only the app reads them.
 */
export function feedMemoKey(url: string, format: FeedFormat, negotiated: boolean): string {
  return negotiated || format === "html" ? `${format} ${url}` : url;
}

/** The TTL from the environment (`FEED_MEMO_TTL_MS`); 0 turns the memo off. */
export function feedMemoTtl(setting: string | undefined): number {
  if (setting === undefined || setting.trim() === "") return DEFAULT_FEED_MEMO_TTL_MS;
  const ttl = Number(setting);
  return Number.isFinite(ttl) && ttl >= 0 ? ttl : DEFAULT_FEED_MEMO_TTL_MS;
}

export function readFeedMemo(key: string, nowMs: number, ttlMs: number): MemoEntry | null {
  const entry = entries.get(key);
  if (!entry) return null;
  if (nowMs - entry.storedAt >= ttlMs) {
    forget(key, entry);
    return null;
  }
  return entry;
}

export function writeFeedMemo(key: string, entry: MemoEntry, ttlMs: number): void {
  if (ttlMs <= 0) return;
  const previous = entries.get(key);
  if (previous) forget(key, previous);
  entries.set(key, entry);
  storedBytes += entry.body?.byteLength ?? 0;
  // Map iteration order is insertion order: the first keys are the oldest.
  for (const [oldKey, oldEntry] of entries) {
    if (entries.size <= MAX_MEMO_ENTRIES && storedBytes <= MAX_MEMO_BYTES) break;
    forget(oldKey, oldEntry);
  }
}

/** Forgets every representation: called after any write, since a write may change any feed. */
export function clearFeedMemo(): void {
  entries.clear();
  storedBytes = 0;
}

function forget(key: string, entry: MemoEntry): void {
  entries.delete(key);
  storedBytes -= entry.body?.byteLength ?? 0;
}
