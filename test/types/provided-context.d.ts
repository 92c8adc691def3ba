// Values vitest's globalSetup (Node) hands to the tests (workerd) through provide()/inject().
declare module "vitest" {
  export interface ProvidedContext {
    /** Port of the loopback webhook receiver started by test/node/global-setup.ts. */
    receiverPort: number;
  }
}
export {};
