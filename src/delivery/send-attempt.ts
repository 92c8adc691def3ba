import { readBoundedText } from "../outbound/bounded-read";

/** How much of a receiver's answer is kept in the delivery log. */
export const RESPONSE_EXCERPT_BYTES = 1024;

export interface AttemptOutcome {
  status: number | null;
  error?: "timeout" | "network";
  errorMessage: string | null;
  retryAfter: string | null;
  excerpt: string | null;
  durationMs: number;
}

/** One HTTP request of a delivery, built by its target (webhook or WebSub) and signed over `body`. */
export interface OutboundRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * POSTs one delivery: the exact bytes that were signed, redirects never followed (a 3xx is a failure),
 * and a hard timeout.
 */
export async function sendAttempt(request: OutboundRequest, timeoutMs: number): Promise<AttemptOutcome> {
  const started = Date.now();
  try {
    const response = await fetch(request.url, {
      method: "POST",
      headers: { "user-agent": "Ferry/1.0 (+webhooks; websub)", ...request.headers },
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const excerpt = response.body ? (await readBoundedText(response, RESPONSE_EXCERPT_BYTES)).text : null;
    return {
      status: response.status,
      errorMessage: null,
      retryAfter: response.headers.get("retry-after"),
      excerpt,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return {
      status: null,
      error: timedOut ? "timeout" : "network",
      errorMessage: timedOut ? `no response within ${timeoutMs} ms` : String(error).slice(0, 500),
      retryAfter: null,
      excerpt: null,
      durationMs: Date.now() - started,
    };
  }
}
