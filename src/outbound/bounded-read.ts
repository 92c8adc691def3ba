/**
 * The one way Ferry reads an answer from a host it does not control (subscribers, the DNS resolver): at most
 * `maxBytes` are kept, then the stream is cancelled, so a huge or endless body costs neither memory nor time.
 */
export interface BoundedBody {
  bytes: Uint8Array;
  /** True when the body went on past `maxBytes`; the rest was never read. */
  truncated: boolean;
}

export async function readBounded(response: Response, maxBytes: number): Promise<BoundedBody> {
  if (!response.body) return { bytes: new Uint8Array(0), truncated: false };
  const reader = response.body.getReader();
  const kept = new Uint8Array(maxBytes);
  let size = 0;
  let truncated = false;
  try {
    // One read past the cap tells a body of exactly maxBytes from a longer one.
    while (!truncated) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - size;
      kept.set(value.subarray(0, room), size);
      size += Math.min(room, value.byteLength);
      truncated = value.byteLength > room;
    }
  } catch {
    // A body that breaks off (or times out) is still an answer; keep what arrived.
  } finally {
    // Not awaited: cancelling must never wait for the sender.
    reader.cancel().catch(() => {});
  }
  return { bytes: kept.subarray(0, size), truncated };
}

/** readBounded, decoded as UTF-8 (a character cut at the cap becomes U+FFFD). */
export async function readBoundedText(
  response: Response,
  maxBytes: number,
): Promise<{ text: string; truncated: boolean }> {
  const { bytes, truncated } = await readBounded(response, maxBytes);
  return { text: new TextDecoder().decode(bytes), truncated };
}
