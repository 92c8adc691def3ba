import { inject } from "vitest";
import { eventually } from "./eventually";
import type { FloodReport } from "./node-servers";
import type { ReceivedRequest } from "./received-request";

const base = () => `http://127.0.0.1:${inject("receiverPort")}`;

/** A fresh receiver URL with the given behaviour (see test/node/webhook-receiver.ts). */
export function receiverUrl(behaviour: string): { url: string; id: string } {
  const id = crypto.randomUUID();
  return { url: `${base()}/hooks/${behaviour}/${id}`, id };
}

/** Makes a `switch` receiver answer `status` from now on (it answers 500 until told otherwise). */
export async function switchReceiver(id: string, status: number): Promise<void> {
  const response = await fetch(`${base()}/switch/${id}/${status}`, { method: "POST" });
  await response.arrayBuffer();
}

export async function receivedBy(id: string): Promise<ReceivedRequest[]> {
  const response = await fetch(`${base()}/log/${id}`);
  return (await response.json()) as ReceivedRequest[];
}

/** Polls the receiver until `done` holds of what it got, or fails after `timeoutMs`. */
export function waitForRequests(
  id: string,
  done: (requests: ReceivedRequest[]) => boolean,
  timeoutMs = 20_000,
): Promise<ReceivedRequest[]> {
  return eventually(`receiver ${id}`, () => receivedBy(id), done, timeoutMs);
}

/** Polls the receiver until its `flood` answer for `id` has closed, and returns what it had written. */
export async function floodClosed(id: string): Promise<FloodReport> {
  const report = await eventually(
    `flood ${id} to close`,
    async () => (await (await fetch(`${base()}/flood/${id}`)).json()) as FloodReport | null,
    (seen) => seen?.closed === true,
    10_000,
  );
  return report as FloodReport;
}
