import fc from "fast-check";
import { ARTICLE_EVENT_TYPES } from "../../../src/domain/events";
import { type Path, withOneMutation } from "./mutation";
import { MAIN_FEED, OTHER_FEED, SEED_AUTHOR, SEED_TAG } from "./names";
import { urlText, webhookUrl } from "./urls";
import { nastyString, storableText, validDate } from "./values";

/**
 * Valid-ish request bodies shaped after Ferry's valibot input schemas (src/domain/*-input.ts), each with at
 * most one member mutated: most are accepted, so writes happen and feeds get re-checked; the rest probe one
 * rule at a time.
 */

const htmlPiece: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: storableText },
  { weight: 2, arbitrary: nastyString },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "<p>para</p>",
      "<p>unclosed",
      "</div></p>",
      "<b><i>misnested</b></i>",
      '<a href="/relative">rel</a>',
      '<a href="javascript:alert(1)" onclick="x()">js</a>',
      '<a href="  JaVaScRiPt:alert(1)">ws</a>',
      '<img src="img.png" srcset="a.png 1x, javascript:alert(1) 2x" onerror="x">',
      '<img src="data:image/png;base64,AAAA">',
      '<iframe src="https://www.youtube.com/embed/M7lc1UVf-VE" allowfullscreen></iframe>',
      '<iframe src="https://evil.example/"></iframe>',
      "<script>alert(1)</script>",
      "<style>body{}</style>",
      "<svg><script>alert(1)</script></svg>",
      "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
      "<!-- comment --> <!--> <!---->",
      "<![CDATA[ ]]> ]]>",
      "<?php echo 1 ?>",
      "<!DOCTYPE html>",
      "&nbsp;&copy;&#x1F600;&#0;&#xD800;&#1114112;&unknown;",
      "<table><tr><td>cell</td></tr></table>",
      "<pre>\u0000\u0008</pre>",
      "<form action=x><input name=y></form>",
      "<base href='https://evil.example/'>",
      "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
      "<a href='https://example.com/' target=_blank rel=opener>x</a>",
      `<p title="${"q".repeat(300)}">long attr</p>`,
    ),
  },
);

const htmlFragment: fc.Arbitrary<string> = fc
  .array(htmlPiece, { maxLength: 8 })
  .map((pieces) => pieces.join(""));

const language = fc.constantFrom("en", "en-GB", "zh-Hant", "pt-BR", "de-CH-1996", "EN", "sgn-BE-FR");

const author = fc.record(
  {
    name: fc.option(fc.oneof(storableText, fc.constant(SEED_AUTHOR))),
    url: fc.option(urlText),
    email: fc.option(
      fc
        .tuple(
          fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,10}$/),
          fc.constantFrom("example.com", "例え.jp", "mail.example.org"),
        )
        .map(([user, host]) => `${user}@${host}`),
    ),
    avatar: fc.option(urlText),
  },
  { requiredKeys: [] },
);

const tag = fc.oneof(
  storableText,
  fc.constantFrom(SEED_TAG, "Film", "a/b", "a%2Fb", "..", "tag with spaces"),
);

const attachment = fc.record(
  {
    url: urlText,
    mime_type: fc.constantFrom("audio/mpeg", "video/mp4", "application/x-custom+json", "a/b"),
    title: fc.option(storableText),
    size_in_bytes: fc.option(fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER))),
    duration_in_seconds: fc.option(fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e9, noNaN: true }))),
  },
  { requiredKeys: ["url", "mime_type"] },
);

/** An article as `ArticleInput` expects it (src/domain/article-input.ts). */
export const articleInput = fc.record(
  {
    title: storableText,
    summary: fc.option(storableText),
    content_html: fc.option(htmlFragment),
    content_text: fc.option(storableText),
    url: fc.option(urlText),
    external_url: fc.option(urlText),
    image: fc.option(urlText),
    banner_image: fc.option(urlText),
    authors: fc.option(fc.array(author, { maxLength: 3 })),
    tags: fc.option(fc.array(tag, { maxLength: 5 })),
    language: fc.option(language),
    attachments: fc.option(fc.array(attachment, { maxLength: 2 })),
    date_published: fc.option(validDate),
    date_modified: fc.option(validDate),
  },
  { requiredKeys: ["title"] },
);

const ARTICLE_PATHS: readonly Path[] = [
  [],
  ["title"],
  ["summary"],
  ["content_html"],
  ["content_text"],
  ["url"],
  ["external_url"],
  ["image"],
  ["banner_image"],
  ["authors"],
  ["authors", 0],
  ["authors", 0, "name"],
  ["authors", 0, "url"],
  ["authors", 0, "email"],
  ["authors", 0, "avatar"],
  ["tags"],
  ["tags", 0],
  ["tags", 50],
  ["language"],
  ["attachments"],
  ["attachments", 0],
  ["attachments", 0, "url"],
  ["attachments", 0, "mime_type"],
  ["attachments", 0, "size_in_bytes"],
  ["attachments", 0, "duration_in_seconds"],
  ["date_published"],
  ["date_modified"],
  ["id"],
  ["_extensions"],
];

const feedFields = {
  title: storableText,
  description: fc.option(fc.oneof(storableText, htmlFragment)),
  home_page_url: fc.option(urlText),
  language: fc.option(language),
  author: fc.option(author),
  icon: fc.option(urlText),
  item_limit: fc.option(fc.integer({ min: 1, max: 100 })),
};

const feedSlug = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^fz-[a-z0-9]{1,12}$/) },
  { weight: 1, arbitrary: fc.constantFrom(MAIN_FEED, OTHER_FEED, "a", "0-9", "a".repeat(64)) },
);
/** A feed as `FeedInput` expects it (src/domain/feed-input.ts). */
export const feedInput = fc.record({ slug: feedSlug, ...feedFields }, { requiredKeys: ["slug", "title"] });
/** A settings change as `FeedPatch` expects it; `null` clears a member. */
export const feedPatch = fc.record({ ...feedFields, slug: feedSlug }, { requiredKeys: [] });

const FEED_PATHS: readonly Path[] = [
  [],
  ["slug"],
  ["title"],
  ["description"],
  ["home_page_url"],
  ["language"],
  ["author"],
  ["author", "name"],
  ["author", "email"],
  ["icon"],
  ["item_limit"],
];

const eventTypes = fc.oneof(
  fc.subarray([...ARTICLE_EVENT_TYPES], { minLength: 1 }),
  fc.constant(["article.published", "article.published"]),
);
/** A subscription as `WebhookInput` expects it (src/domain/webhook-endpoint.ts). */
export const webhookInput = fc.record(
  { url: webhookUrl, events: fc.option(eventTypes), description: fc.option(storableText) },
  { requiredKeys: ["url"] },
);
/** A change as `WebhookPatch` expects it. */
export const webhookPatch = fc.record(
  {
    url: webhookUrl,
    events: fc.option(eventTypes),
    description: fc.option(storableText),
    paused: fc.boolean(),
  },
  { requiredKeys: [] },
);
const WEBHOOK_PATHS: readonly Path[] = [[], ["url"], ["events"], ["events", 0], ["description"], ["paused"]];

/** A replay request as `ReplayInput` expects it. */
export const replayInput = fc.record(
  { since: validDate, include_succeeded: fc.boolean() },
  { requiredKeys: ["since"] },
);
const REPLAY_PATHS: readonly Path[] = [[], ["since"], ["include_succeeded"]];

/** A token request as `TokenInput` expects it (src/domain/token-input.ts): at most one of the two expiries. */
export const tokenInput = fc
  .tuple(
    fc.record(
      {
        label: storableText,
        role: fc.constantFrom("read", "write", "admin"),
        feeds: fc.option(
          fc.constantFrom([MAIN_FEED], [MAIN_FEED, OTHER_FEED], [OTHER_FEED], [MAIN_FEED, MAIN_FEED]),
        ),
      },
      { requiredKeys: ["label", "role"] },
    ),
    fc.oneof(
      fc.constant({}),
      fc.record({
        expires_at: fc.constantFrom("2099-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2000-01-01T00:00:00Z"),
      }),
      fc.record({ expires_in_days: fc.integer({ min: 1, max: 3650 }) }),
    ),
  )
  .map(([token, expiry]) => ({ ...token, ...expiry }));
const TOKEN_PATHS: readonly Path[] = [
  [],
  ["label"],
  ["role"],
  ["feeds"],
  ["feeds", 0],
  ["expires_at"],
  ["expires_in_days"],
];

export const articleBody = withOneMutation(articleInput, ARTICLE_PATHS);
/** A merge patch: some members of an article, `null` to remove one. */
export const articlePatchBody = withOneMutation(
  articleInput.chain((full) =>
    fc
      .subarray(Object.keys(full))
      .map((keys) => Object.fromEntries(keys.map((k) => [k, (full as Record<string, unknown>)[k]]))),
  ),
  ARTICLE_PATHS,
);
export const feedBody = withOneMutation(feedInput, FEED_PATHS);
export const feedPatchBody = withOneMutation(feedPatch, FEED_PATHS);
export const webhookBody = withOneMutation(webhookInput, WEBHOOK_PATHS);
export const webhookPatchBody = withOneMutation(webhookPatch, WEBHOOK_PATHS);
export const replayBody = withOneMutation(replayInput, REPLAY_PATHS);
export const tokenBody = withOneMutation(tokenInput, TOKEN_PATHS);
