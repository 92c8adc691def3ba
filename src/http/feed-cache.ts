/** The part of the Cache API Ferry uses; absent on some hosts and a silent no-op on others. */
export type CacheLike = Pick<Cache, "match" | "put">;

/**
 * How long a rendering stays in the edge cache, in seconds. Keys carry the feed's version, so an entry
 * is never stale, only unused once the feed changes; this just lets unused ones expire.
 */
export const FEED_CACHE_ENTRY_TTL_S = 86_400;

/** The runtime's default cache, or null where there is none. */
export function defaultCache(): CacheLike | null {
  try {
    return (globalThis as { caches?: { default?: CacheLike } }).caches?.default ?? null;
  } catch {
    return null;
  }
}

/** A cached rendering, or null on a miss; a broken or missing cache is a miss, never an error. */
export async function readCachedBody(cache: CacheLike | null, key: string): Promise<string | null> {
  if (!cache) return null;
  try {
    const hit = await cache.match(key);
    return hit ? await hit.text() : null;
  } catch (error) {
    logCacheFailure("match", key, error);
    return null;
  }
}

/** Stores a rendering under its versioned key; failures are logged and otherwise ignored. */
export async function storeCachedBody(
  cache: CacheLike | null,
  key: string,
  body: string,
  contentType: string,
): Promise<void> {
  if (!cache) return;
  try {
    const response = new Response(body, {
      headers: { "content-type": contentType, "cache-control": `public, max-age=${FEED_CACHE_ENTRY_TTL_S}` },
    });
    await cache.put(key, response);
  } catch (error) {
    logCacheFailure("put", key, error);
  }
}

function logCacheFailure(operation: "match" | "put", key: string, error: unknown): void {
  console.warn(
    JSON.stringify({
      level: "warn",
      message: `feed cache ${operation} failed; serving without the cache`,
      key,
      error: error instanceof Error ? error.message : String(error),
    }),
  );
}
