import type { TestProject } from "vitest/node";
import { readFuzzSettings } from "./fuzz-settings";
import { startReceiver } from "./webhook-receiver";

/** Starts the loopback webhook receiver once for the whole run and tells the tests its port and fuzz settings. */
export default async function setup(project: TestProject) {
  const receiver = await startReceiver();
  project.provide("receiverPort", receiver.port);
  project.provide("fuzz", readFuzzSettings(process.env));
  return receiver.close;
}
