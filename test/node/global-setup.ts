import type { TestProject } from "vitest/node";
import { startReceiver } from "./webhook-receiver";

/** Starts the loopback webhook receiver once for the whole run and tells the tests its port. */
export default async function setup(project: TestProject) {
  const receiver = await startReceiver();
  project.provide("receiverPort", receiver.port);
  return receiver.close;
}
