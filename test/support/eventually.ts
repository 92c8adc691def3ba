/** How often a wait looks again: short, since every look is one local round trip. */
const POLL_INTERVAL_MS = 50;

/**
 * Looks with `probe` until `done` holds of what it sees, and returns that. For waiting on something that must
 * happen (a request arriving, a row settling), failing after `timeoutMs`; never a way to show that something
 * did not happen: absence is shown by draining (./drain.ts) or by controlling time.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  done: (seen: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  // performance.now(), not Date.now(): a test that fakes Date must not stop the deadline.
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const seen = await probe();
    if (done(seen)) return seen;
    if (performance.now() > deadline) {
      throw new Error(
        `${what}: not within ${timeoutMs} ms; last seen ${JSON.stringify(seen).slice(0, 1000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
