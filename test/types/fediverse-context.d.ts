// The fake Fediverse server's port, handed from globalSetup (Node) to the tests (workerd).
declare module "vitest" {
  export interface ProvidedContext {
    /** Port of the fake Fediverse server started by test/node/fake-fediverse-setup.ts. */
    fediversePort: number;
  }
}

export {};
