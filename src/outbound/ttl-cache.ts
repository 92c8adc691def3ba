/**
 * A bounded in-memory cache: each entry lives for its own TTL, capped at `maxTtlMs`, and when `maxEntries` are
 * held the oldest entry makes room. Time is passed in, so expiry is tested without waiting.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxTtlMs: number,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, nowMs: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > nowMs) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Stores `value` for `ttlMs` (capped); a TTL of 0 or less stores nothing. */
  set(key: string, value: V, ttlMs: number, nowMs: number): void {
    this.#entries.delete(key);
    const ttl = Math.min(ttlMs, this.maxTtlMs);
    if (!(ttl > 0)) return;
    // Map iteration order is insertion order: the first key is the oldest.
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size < this.maxEntries) break;
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, expiresAt: nowMs + ttl });
  }
}
