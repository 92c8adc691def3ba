import { describe, expect, inject, it } from "vitest";
import { waitForIntent } from "./support/intents";
import type { FloodReport } from "./support/node-servers";
import { receiverUrl } from "./support/receiver";
import { feedWithToken } from "./support/seed";
import { hub, topicOf } from "./support/websub";

/** Polls the receiver until its `flood` answer for `id` has closed, and returns what it had written. */
async function floodClosed(id: string): Promise<FloodReport> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${inject("receiverPort")}/flood/${id}`);
    const report = (await response.json()) as FloodReport | null;
    if (report?.closed) return report;
    if (Date.now() > deadline) throw new Error(`flood ${id} never closed: ${JSON.stringify(report)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("answers from callbacks are read through a bounded reader", () => {
  it("reads at most 4 KiB of a verification answer that would run to 64 MiB, then hangs up", async () => {
    const { slug } = await feedWithToken();
    // Echoes the challenge, then trickles 64 MiB: about 20 s in all, far past the 1 s delivery timeout.
    const callback = receiverUrl("flood");
    const response = await hub({
      "hub.mode": "subscribe",
      "hub.topic": topicOf(slug),
      "hub.callback": callback.url,
    });
    expect(response.status).toBe(202);
    // Judged on the bytes read, not cut off by the timeout: what was read is the challenge plus junk.
    expect(await waitForIntent(callback.url, (row) => row.status !== "pending")).toEqual({
      status: "failed",
      last_error: "the callback did not echo hub.challenge",
    });
    const report = await floodClosed(callback.id);
    expect(report.completed).toBe(false);
    // 16 KiB chunks every 5 ms: reading to the timeout would have taken some 3 MiB.
    expect(report.bytesWritten).toBeLessThan(256 * 1024);
  });
});
