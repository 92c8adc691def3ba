import type { Env } from "../env";
import { isNotModified } from "./conditional-get";
import { representationHeaders } from "./feed-headers";
import { feedMemoTtl, type MemoEntry, readFeedMemo } from "./feed-memo";
import { addressKey } from "./rate-limit";
import { chooseRequestId } from "./request-log";

type FetchHandler = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

/**
 * Wraps the app's fetch so that a poll of a memoised feed file is answered before routing and middleware: the
 * memo already holds everything the answer is made of, and the app's dispatch would cost more than the rest of
 * it. The answer is the app's own, header for header (test/memo-fast-path.test.ts compares them), and the request is
 * counted against PUBLIC_RATE_LIMIT_IP as any anonymous read is. Everything else goes to the app.
 */
export function answeringFromFeedMemo(appFetch: FetchHandler): FetchHandler {
  return (request, env, ctx) => {
    const hit = memoHit(request, env);
    if (!hit) return appFetch(request, env, ctx);
    const ip = request.headers.get("cf-connecting-ip");
    const limiter = env.PUBLIC_RATE_LIMIT_IP;
    if (!ip || !limiter) return memoAnswer(request, hit);
    return countThenAnswer(request, env, ctx, appFetch, limiter.limit({ key: addressKey(ip) }));
  };
}

interface MemoHit {
  entry: MemoEntry;
  notModified: boolean;
}

/** The memo entry that answers this request as the app would (see serveFeed), or null. */
function memoHit(request: Request, env: Env): MemoHit | null {
  const method = request.method;
  // Like the edge cache, the memo never answers a request that carries credentials.
  if ((method !== "GET" && method !== "HEAD") || request.headers.has("authorization")) return null;
  const entry = readFeedMemo(request.url, Date.now(), feedMemoTtl(env.FEED_MEMO_TTL_MS));
  if (!entry) return null;
  const notModified = isNotModified(request.headers, entry.meta);
  // Only a 304 or a HEAD can be answered from validators alone, when the body was never rendered.
  return entry.body !== null || notModified || method === "HEAD" ? { entry, notModified } : null;
}

/** What the app sends for a memo hit: its representation headers, and the request id its log middleware adds. */
function memoAnswer(request: Request, { entry, notModified }: MemoHit): Response {
  const status = notModified ? 304 : 200;
  const headers = representationHeaders({ ...entry.meta, cacheStatus: "memo" }, status);
  headers["x-request-id"] = chooseRequestId(
    request.headers.get("x-request-id") ?? undefined,
    request.headers.get("cf-ray") ?? undefined,
  );
  const body = notModified || request.method === "HEAD" ? null : entry.body;
  return new Response(body, { status, headers });
}

/**
 * Answers once the address was counted. A refusal, a failing limiter, or a memo cleared by a write meanwhile is
 * the app's to answer: it is handed the same count, so the request is counted once whoever answers it.
 */
async function countThenAnswer(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  appFetch: FetchHandler,
  count: Promise<RateLimitOutcome>,
): Promise<Response> {
  const allowed = await count.then(
    (outcome) => outcome.success,
    () => false,
  );
  const hit = allowed ? memoHit(request, env) : null;
  if (hit) return memoAnswer(request, hit);
  const counted: RateLimit = { limit: () => count };
  return appFetch(request, { ...env, PUBLIC_RATE_LIMIT_IP: counted }, ctx);
}
