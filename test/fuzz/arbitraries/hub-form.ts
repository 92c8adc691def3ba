import fc from "fast-check";
import { MAIN_FEED, ORIGIN, OTHER_FEED, SEED_TAG } from "./names";
import { webhookUrl } from "./urls";
import { longString, nastyString, storableText } from "./values";

/** WebSub hub requests (POST /websub): subscribe, unsubscribe and publish forms, one part of each damaged. */

const FEED_FILES = ["rss.xml", "atom.xml", "feed.json"];

/** `hub.topic` values: this instance's feed documents, and near misses. */
const topic = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(MAIN_FEED, MAIN_FEED, OTHER_FEED, "fz-nope"),
        fc.constantFrom(...FEED_FILES),
        fc.constantFrom(
          "",
          "",
          `tags/${encodeURIComponent(SEED_TAG)}/`,
          `tags/${SEED_TAG}/`,
          "authors/News%20Desk/",
          "authors/NEWS%20DESK/",
        ),
      )
      .map(([slug, file, filter]) => `${ORIGIN}/feeds/${slug}/${filter}${file}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      `${ORIGIN}/feeds/${MAIN_FEED}/`,
      `${ORIGIN}/feeds/${MAIN_FEED}/rss.xml?x=1`,
      `${ORIGIN}/feeds/${MAIN_FEED}/rss.xml#f`,
      `${ORIGIN}/feeds/%ZZ/rss.xml`,
      `${ORIGIN}/feeds/${MAIN_FEED}/tags/%E0%A4%A/rss.xml`,
      `${ORIGIN}/feeds/${MAIN_FEED}/kinds/x/rss.xml`,
      `https://elsewhere.example/feeds/${MAIN_FEED}/rss.xml`,
      "not a url",
    ),
  },
  { weight: 1, arbitrary: nastyString },
);

const callback = fc.oneof(
  { weight: 4, arbitrary: fc.nat({ max: 999 }).map((n) => `https://example.com/websub/${n}`) },
  { weight: 1, arbitrary: webhookUrl },
  { weight: 1, arbitrary: nastyString },
);

/** WebSub hub parameters (src/domain/websub-request.ts), form-encoded pairs with one of them mutated. */
export const hubFormPairs: fc.Arbitrary<[string, string][]> = fc
  .tuple(
    fc.oneof(
      fc
        .record({
          mode: fc.constantFrom("subscribe", "unsubscribe"),
          topic,
          callback,
          lease: fc.option(
            fc.oneof(
              { weight: 4, arbitrary: fc.nat({ max: 5_000_000 }).map(String) },
              { weight: 1, arbitrary: fc.constantFrom("-1", "1e3", "99999999999", "") },
            ),
          ),
          secret: fc.option(
            fc.oneof({ weight: 4, arbitrary: storableText }, { weight: 1, arbitrary: longString }),
          ),
        })
        .map(({ mode, topic: t, callback: cb, lease, secret }) => {
          const pairs: [string, string][] = [
            ["hub.mode", mode],
            ["hub.topic", t],
            ["hub.callback", cb],
          ];
          if (lease !== null) pairs.push(["hub.lease_seconds", lease]);
          if (secret !== null) pairs.push(["hub.secret", secret]);
          return pairs;
        }),
      fc
        .array(fc.tuple(fc.constantFrom("hub.url", "hub.topic"), topic), { minLength: 1, maxLength: 3 })
        .map((topics): [string, string][] => [["hub.mode", "publish"], ...topics]),
    ),
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(null) },
      fc.record({ op: fc.constant("many-topics" as const), count: fc.constantFrom(20, 21, 200) }),
      fc.record({ op: fc.constant("drop" as const), index: fc.nat({ max: 5 }) }),
      fc.record({
        op: fc.constant("value" as const),
        index: fc.nat({ max: 5 }),
        value: fc.oneof(nastyString, longString),
      }),
      fc.record({
        op: fc.constant("add" as const),
        key: fc.oneof(
          fc.constantFrom("hub.mode", "hub.topic", "hub.callback", "hub.secret", "__proto__", "topics"),
          nastyString,
        ),
        value: nastyString,
      }),
    ),
  )
  .map(([pairs, m]) => {
    if (!m) return pairs;
    const copy = [...pairs];
    if (m.op === "many-topics") {
      for (let i = 0; i < m.count; i += 1) copy.push(["hub.url", `${ORIGIN}/feeds/${MAIN_FEED}/rss.xml`]);
    } else if (m.op === "drop") copy.splice(m.index % copy.length, 1);
    else if (m.op === "value") {
      const entry = copy[m.index % copy.length];
      if (entry) copy[m.index % copy.length] = [entry[0], m.value];
    } else copy.push([m.key, m.value]);
    return copy;
  });
