import fc from "fast-check";

/** URLs that pass `HttpUrl`, ordinary and unusual. */
export const urlText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "https://news.example.com/2015/1/12/a?b=c&d=e#f",
      "https://例え.jp/パス?q=ü#frag",
      "HTTPS://EXAMPLE.COM/UPPER",
      "  https://example.com/padded  ",
      "http://[::1]:8080/x",
      "https://example.com/]]>/<x>/&amp;",
      "https://example.com/\ud800",
      "https://user:pass@example.com/",
      `https://example.com/${"x".repeat(2020)}`,
    ),
  },
);

/** URLs `HttpUrl` refuses. */
export const invalidUrl: fc.Arbitrary<string> = fc.constantFrom(
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "/relative/path",
  "//example.com/protocol-relative",
  "ftp://example.com/x",
  "https://",
  "https://exa mple.com/",
  `https://example.com/${"x".repeat(2049)}`,
);

/** Webhook targets the SSRF guard accepts (nothing is ever sent: the fuzzers record the queue) and ones it refuses. */
export const webhookUrl: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 999 }).map((n) => `https://example.com/hooks/${n}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "http://127.0.0.1:9/hooks/ok",
      "https://[2606:4700::1111]/x",
      "https://例え.jp/hook",
    ),
  },
);

/** Webhook targets the SSRF guard refuses. */
export const refusedWebhookUrl: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "https://10.0.0.1/",
      "https://169.254.169.254/latest/meta-data",
      "https://[::ffff:127.0.0.1]/",
      "https://[fe80::1]/",
      "https://localhost/",
      "https://printer.local/",
      "http://example.com/plain-http",
      "https://user:pw@example.com/",
      "https://0x7f000001/",
      "https://2130706433/",
      "ftp://example.com/",
      "not a url",
    ),
  },
  { weight: 1, arbitrary: invalidUrl },
);
