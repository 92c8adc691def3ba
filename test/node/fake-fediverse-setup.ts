import type { TestProject } from "vitest/node";
import { startFakeFediverse } from "./fake-fediverse";

/** Starts the fake Fediverse server once for the whole run and tells the tests its port. */
export default async function setup(project: TestProject) {
  const server = await startFakeFediverse();
  project.provide("fediversePort", server.port);
  return server.close;
}
