import { describe, expect, it } from "vitest";
import { RESPONSE_EXCERPT_BYTES } from "../../src/delivery/send-attempt";
import { readBounded, readBoundedText } from "../../src/outbound/bounded-read";

/** A body of `total` bytes made on demand in `chunk`-byte pieces, counting what was pulled and whether it was cancelled. */
function endlessBody(total: number, chunk: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled >= total) return controller.close();
        const size = Math.min(chunk, total - seen.pulled);
        seen.pulled += size;
        controller.enqueue(new Uint8Array(size).fill(0x61));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { response: new Response(stream), seen };
}

describe("readBounded", () => {
  it("takes at most the cap of a 64 MiB body, one chunk past it, and cancels the rest", async () => {
    const { response, seen } = endlessBody(64 * 1024 * 1024, 1000);
    const body = await readBounded(response, 4096);
    expect(body.bytes.byteLength).toBe(4096);
    expect(body.truncated).toBe(true);
    expect(seen.pulled).toBeLessThanOrEqual(5000);
    expect(seen.cancelled).toBe(true);
  });

  it("keeps the exact prefix when one chunk crosses the cap", async () => {
    const bytes = new TextEncoder().encode("0123456789");
    const body = await readBounded(new Response(bytes), 4);
    expect(new TextDecoder().decode(body.bytes)).toBe("0123");
    expect(body.truncated).toBe(true);
  });

  it("reads a body of exactly the cap, or less, whole and not truncated", async () => {
    expect(await readBoundedText(new Response("x".repeat(1024)), 1024)).toEqual({
      text: "x".repeat(1024),
      truncated: false,
    });
    expect(await readBoundedText(new Response("short"), 1024)).toEqual({ text: "short", truncated: false });
    expect(await readBoundedText(new Response(null), 1024)).toEqual({ text: "", truncated: false });
  });

  it("keeps what arrived of a body that breaks off", async () => {
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error("connection reset"));
        sent = true;
        controller.enqueue(new TextEncoder().encode("partial"));
      },
    });
    expect(await readBoundedText(new Response(stream), 1024)).toEqual({ text: "partial", truncated: false });
  });

  it("gives the delivery log a 1 KiB excerpt", async () => {
    const { response, seen } = endlessBody(1024 * 1024, 300);
    const { text } = await readBoundedText(response, RESPONSE_EXCERPT_BYTES);
    expect(text).toHaveLength(1024);
    expect(seen.cancelled).toBe(true);
  });
});
