import { expect } from "vitest";

/** How many `limit()` calls go out at once: the binding counts them all the same, and nobody waits on each. */
const CALLS_PER_ROUND = 200;

/**
 * Fresh client addresses, counting up from `<first>.1` (`first` being three octets of a documentation or
 * benchmarking range that one test file keeps to itself), so no test shares another's rate-limit counter.
 */
export function addressesFrom(first: `${number}.${number}.${number}`): () => string {
  const [a, b, c] = first.split(".").map(Number) as [number, number, number];
  let hosts = 0;
  return () => {
    hosts += 1;
    return `${a}.${b}.${c + Math.floor(hosts / 250)}.${hosts % 250}`;
  };
}

/**
 * Uses up `key`'s quota on the very binding the Worker uses, until the binding refuses, then sends: the answer
 * must be refused too. The binding's window rolls over at most once in a test, so an answer let through by a
 * rollover is sent again once, which makes the check deterministic. Returns the refused answer.
 */
export async function sendWhenExhausted<T>(
  limiter: RateLimit,
  key: string,
  send: () => Promise<T>,
  refused: (answer: T) => boolean | Promise<boolean>,
): Promise<T> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    // One call first: a key that an earlier check already used up needs no more.
    for (let calls = 0, round = 1; ; calls += round, round = CALLS_PER_ROUND) {
      expect(calls, "the limiter never refused").toBeLessThan(100_000);
      const outcomes = await Promise.all(Array.from({ length: round }, () => limiter.limit({ key })));
      if (outcomes.some((outcome) => !outcome.success)) break;
    }
    const answer = await send();
    if (await refused(answer)) return answer;
  }
  throw new Error(`${key} was never limited`);
}
