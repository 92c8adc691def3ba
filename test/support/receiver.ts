import { inject } from "vitest";
import type { ReceivedRequest } from "./received-request";

const base = () => `http://127.0.0.1:${inject("receiverPort")}`;

/** A fresh receiver URL with the given behaviour (see test/node/webhook-receiver.ts). */
export function receiverUrl(behaviour: string): { url: string; id: string } {
  const id = crypto.randomUUID();
  return { url: `${base()}/hooks/${behaviour}/${id}`, id };
}

export async function receivedBy(id: string): Promise<ReceivedRequest[]> {
  const response = await fetch(`${base()}/log/${id}`);
  return (await response.json()) as ReceivedRequest[];
}

/** Polls the receiver until `done` holds, or fails after `timeoutMs`. */
export async function waitForRequests(
  id: string,
  done: (requests: ReceivedRequest[]) => boolean,
  timeoutMs = 20_000,
): Promise<ReceivedRequest[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const requests = await receivedBy(id);
    if (done(requests)) return requests;
    if (Date.now() > deadline) {
      throw new Error(
        `receiver ${id} got ${requests.length} requests: ${JSON.stringify(requests.map((r) => r.answeredWith))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
