import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { publish } from "./support/articles";
import { consoleFetch, consolePage, csrfOf, hiddenFieldOf, signIn, submitForm } from "./support/console";
import { drained } from "./support/drain";
import { api } from "./support/http";
import { receivedBy, receiverUrl, waitForRequests } from "./support/receiver";
import { createFeed, createToken, feedWithToken, SAMPLE_ARTICLE } from "./support/seed";
import { type EndpointBody, subscribe, verifyDelivery, waitForLog } from "./support/webhooks";

const SECRET_IN_PAGE = /<code id="secret-value">(whsec_[A-Za-z0-9+/=]+)<\/code>/;

/** The create form as the console renders it, filled in: events ticked one by one, as a browser sends them. */
async function createForm(
  browser: { cookie: string },
  slug: string,
  fields: Record<string, string>,
  events: string[],
) {
  const html = await consolePage(`/console/feeds/${slug}/webhooks/new`, browser);
  const form = new URLSearchParams({
    csrf: csrfOf(html),
    idempotency_key: hiddenFieldOf(html, "idempotency_key"),
    ordering: "unordered",
    ...fields,
  });
  for (const type of events) form.append("events", type);
  return form;
}

const endpointsOf = async (slug: string, token: string) =>
  ((await (await api(`/v1/feeds/${slug}/webhooks`, { token })).json()) as { items: EndpointBody[] }).items;

describe.concurrent("webhooks in the console", () => {
  it("subscribes an endpoint that receives signed deliveries, verified with standardwebhooks", async () => {
    const { slug, token } = await feedWithToken("write");
    const browser = await signIn(token);
    const target = receiverUrl("ok");
    const form = await createForm(
      browser,
      slug,
      {
        url: target.url,
        description: "Search index",
        filter_tags: "Ferries, night",
        ordering: "fifo",
        rate_limit_per_second: "5",
      },
      ["article.published"],
    );
    const created = await consoleFetch(`/console/feeds/${slug}/webhooks`, { browser, form });
    const page = await created.text();
    expect(created.status, page.slice(0, 2000)).toBe(200);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const secret = SECRET_IN_PAGE.exec(page)?.[1] as string;
    expect(secret).toMatch(/^whsec_/);
    expect(page).toContain(`data-copy="${secret}"`);

    const [endpoint] = await endpointsOf(slug, token);
    expect(endpoint).toMatchObject({
      url: target.url,
      events: ["article.published"],
      filter: { tags: ["ferries", "night"], authors: null },
      ordering: "fifo",
      rate_limit_per_second: 5,
    });
    const article = await publish(slug, token, { ...SAMPLE_ARTICLE, tags: ["night"] });
    const [request] = await waitForRequests(target.id, (r) => r.length >= 1);
    expect(verifyDelivery(request as never, secret)).toMatchObject({
      type: "article.published",
      data: { id: article.id },
    });
    const shown = await consolePage(`/console/feeds/${slug}/webhooks/${endpoint?.id}`, browser);
    expect(shown).not.toContain(secret);
    expect(shown).toContain("Healthy");
  });

  it("subscribes once when the form is sent twice, showing the same secret again", async () => {
    const { slug, token } = await feedWithToken("write");
    const browser = await signIn(token);
    const form = await createForm(browser, slug, { url: receiverUrl("ok").url }, []);
    const first = await (await consoleFetch(`/console/feeds/${slug}/webhooks`, { browser, form })).text();
    const again = await (await consoleFetch(`/console/feeds/${slug}/webhooks`, { browser, form })).text();
    expect(SECRET_IN_PAGE.exec(again)?.[1]).toBe(SECRET_IN_PAGE.exec(first)?.[1]);
    expect(await endpointsOf(slug, token)).toHaveLength(1);
  });

  it("shows the API's validation problems next to the fields they name, keeping what was typed", async () => {
    const { slug, token } = await feedWithToken("write");
    const browser = await signIn(token);
    const errorsOf = async (fields: Record<string, string>) => {
      const form = await createForm(browser, slug, fields, []);
      const refused = await consoleFetch(`/console/feeds/${slug}/webhooks`, { browser, form });
      expect(refused.status).toBe(422);
      return refused.text();
    };
    const invalid = await errorsOf({
      url: "https://example.com/hook",
      rate_limit_per_second: "lots",
      filter_tags: "x".repeat(201),
    });
    for (const field of ["rate_limit_per_second", "filter_tags"]) {
      expect(invalid, field).toMatch(new RegExp(`<p class="field-error" id="f-${field}-error">[^<]+</p>`));
      expect(invalid, field).toMatch(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
    }
    expect(invalid).toContain('value="lots"');
    // A valid body's destination is checked next, as the API checks it.
    const refusedUrl = await errorsOf({ url: "https://10.0.0.1/hook" });
    expect(refusedUrl).toMatch(/<p class="field-error" id="f-url-error">[^<]+<\/p>/);
    expect(refusedUrl).toContain('value="https://10.0.0.1/hook"');
    expect(await endpointsOf(slug, token)).toEqual([]);
  });

  it("edits every option, pauses and resumes, rotates the secret, and deletes after asking", async () => {
    const { slug, token } = await feedWithToken("write");
    const { endpoint, receiverId } = await subscribe(slug, token);
    const browser = await signIn(token);
    const page = `/console/feeds/${slug}/webhooks/${endpoint.id}`;
    const edit = await consolePage(`${page}/edit`, browser);
    expect(edit).toContain(`value="${endpoint.url}"`);
    const form = new URLSearchParams({
      csrf: csrfOf(edit),
      url: endpoint.url,
      description: "Edited",
      filter_tags: "",
      filter_authors: "Ada Lovelace",
      ordering: "fifo",
      rate_limit_per_second: "",
    });
    form.append("events", "article.deleted");
    const saved = await consoleFetch(`${page}/edit`, { browser, form });
    expect(saved.headers.get("location")).toBe(`${page}?notice=webhook-saved`);
    expect((await endpointsOf(slug, token))[0]).toMatchObject({
      description: "Edited",
      events: ["article.deleted"],
      filter: { tags: null, authors: ["ada lovelace"] },
      ordering: "fifo",
    });

    expect((await submitForm(browser, page, `${page}/pause`, {})).headers.get("location")).toContain(
      "notice=webhook-paused",
    );
    expect((await endpointsOf(slug, token))[0]?.paused).toBe(true);
    expect(await consolePage(page, browser)).toContain(">Resume<");
    await submitForm(browser, page, `${page}/resume`, {});
    expect((await endpointsOf(slug, token))[0]?.paused).toBe(false);

    const rotated = await submitForm(browser, page, `${page}/rotate-secret`, {});
    const newSecret = SECRET_IN_PAGE.exec(await rotated.text())?.[1];
    expect(newSecret).toMatch(/^whsec_/);
    expect((await endpointsOf(slug, token))[0]?.secret).toBeUndefined();
    await submitForm(browser, page, `${page}/test`, {});
    const [ping] = await waitForRequests(receiverId, (r) => r.length >= 1);
    expect(verifyDelivery(ping as never, newSecret as string).type).toBe("webhook.test");

    expect(await consolePage(`${page}/delete`, browser)).toContain("Delete this endpoint?");
    const deleted = await submitForm(browser, `${page}/delete`, `${page}/delete`, {});
    expect(deleted.headers.get("location")).toBe(`/console/feeds/${slug}/webhooks?notice=webhook-deleted`);
    expect(await endpointsOf(slug, token)).toEqual([]);
  });

  it("sends a test ping that shows in the log with its answer, redelivers it with the same webhook-id, replays", async () => {
    const { slug, token } = await feedWithToken("write");
    const { endpoint, receiverId } = await subscribe(slug, token);
    const browser = await signIn(token);
    const page = `/console/feeds/${slug}/webhooks/${endpoint.id}`;
    const sent = await submitForm(browser, page, `${page}/test`, {});
    expect(sent.headers.get("location")).toBe(`${page}?notice=test-sent`);
    const log = await waitForLog(slug, token, endpoint.id, (l) => l.items[0]?.status === "succeeded");
    const delivery = log.items[0] as (typeof log.items)[number];
    const html = await consolePage(`${page}?status=succeeded`, browser);
    expect(html).toContain(`id="${delivery.id}"`);
    expect(html).toContain("<code>webhook.test</code>");
    expect(html).toMatch(/<td class="num" data-label="Answer">200<\/td>/);

    const again = await submitForm(browser, page, `${page}/deliveries/${delivery.id}/redeliver`, {});
    expect(again.headers.get("location")).toBe(`${page}?notice=redelivered`);
    const requests = await waitForRequests(receiverId, (r) => r.length >= 2);
    expect(new Set(requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery.event_id]));

    const article = await publish(slug, token);
    await drained(slug);
    await env.DB.prepare(
      "UPDATE deliveries SET status = 'dead' WHERE endpoint_id = (SELECT id FROM webhook_endpoints WHERE public_id = ?) AND status = 'succeeded'",
    )
      .bind(endpoint.id)
      .run();
    const replayed = await submitForm(browser, page, `${page}/replay`, { since: "2020-01-01T00:00" });
    expect(replayed.headers.get("location")).toBe(`${page}?notice=replayed`);
    await waitForRequests(
      receiverId,
      (r) => r.filter((request) => JSON.parse(request.body).data?.id === article.id).length >= 2,
    );
    const refused = await submitForm(browser, page, `${page}/replay`, { since: "yesterday" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(/<p class="field-error" id="f-since-error">[^<]+<\/p>/);
  });

  it("filters the delivery log by status, waiting included", async () => {
    const { slug, token } = await feedWithToken("write");
    // Paused, a FIFO endpoint holds its deliveries: the oldest is the head, the later one waits behind it.
    const { endpoint } = await subscribe(slug, token, "ok", { ordering: "fifo" });
    const path = `/v1/feeds/${slug}/webhooks/${endpoint.id}`;
    expect((await api(path, { token, method: "PATCH", body: { paused: true } })).status).toBe(200);
    for (let i = 0; i < 2; i += 1)
      expect((await api(`${path}/test`, { token, method: "POST" })).status).toBe(202);
    await drained(slug);
    const browser = await signIn(token);
    const page = `/console/feeds/${slug}/webhooks/${endpoint.id}`;
    const deliveriesIn = (html: string) => html.match(/<li class="delivery card"/g)?.length ?? 0;
    const waiting = await consolePage(`${page}?status=waiting`, browser);
    expect(deliveriesIn(waiting)).toBe(1);
    expect(waiting).toContain('<span class="badge waiting"');
    expect(deliveriesIn(await consolePage(`${page}?status=pending`, browser))).toBe(2);
    expect(await consolePage(`${page}?status=dead`, browser)).toContain("No dead deliveries.");
    expect((await consoleFetch(`${page}?status=eaten`, { browser })).status).toBe(400);
  });
});

describe("the delivery chart", () => {
  it("draws the last 24 hours and 7 days of attempts from the delivery log, with the figures in a table", async () => {
    const { slug, token } = await feedWithToken("write");
    const { endpoint } = await subscribe(slug, token);
    const browser = await signIn(token);
    const page = `/console/feeds/${slug}/webhooks/${endpoint.id}`;
    await submitForm(browser, page, `${page}/test`, {});
    const log = await waitForLog(slug, token, endpoint.id, (l) => l.items[0]?.status === "succeeded");
    const deliveryId = log.items[0]?.id;
    const hour = 3_600_000;
    const now = Date.now();
    const attempt = (at: number, durationMs: number, error: string | null) =>
      env.DB.prepare(
        `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, duration_ms, response_status, error, created_at)
         SELECT id, 9, ?, ?, ?, ?, ? FROM deliveries WHERE public_id = ?`,
      ).bind(at, durationMs, error ? 500 : 200, error, at + durationMs, deliveryId);
    await env.DB.batch([
      attempt(now - 2 * hour, 300, "HTTP 500"),
      attempt(now - 2 * hour, 900, "HTTP 500"),
      attempt(now - 3 * 24 * hour, 1200, null),
      attempt(now - 30 * 24 * hour, 50, null),
    ]);
    const html = await consolePage(page, browser);
    const day = /<figure class="chart" id="chart-day">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? "";
    const week = /<figure class="chart" id="chart-week">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? "";
    expect(day).toMatch(
      /<svg[^>]*viewBox="0 0 600 300"[^>]*role="img"[^>]*aria-labelledby="chart-day-title chart-day-desc"/,
    );
    expect(day).toContain('<title id="chart-day-title">');
    expect(day).toMatch(/<desc id="chart-day-desc">3 attempts: 1 succeeded, 2 failed\./);
    expect(week).toMatch(/<desc id="chart-week-desc">4 attempts: 2 succeeded, 2 failed\./);
    expect(week).toContain("longest 1.2 s.");
    expect(day.match(/<rect /g)?.length).toBe(2);
    expect(day.match(/<tr><th scope="row">/g)).toHaveLength(24);
    expect(week.match(/<tr><th scope="row">/g)).toHaveLength(28);
    expect(day).toMatch(
      /<td class="num">0<\/td><td class="num">2<\/td><td class="num">600 ms<\/td><td class="num">900 ms<\/td>/,
    );
  });
});

describe("webhook screens and roles", () => {
  it("show a read token the endpoints, health and log, with no button that writes; its posts are refused", async () => {
    const slug = await createFeed();
    const writer = await createToken({ role: "write", feeds: [slug] });
    const { endpoint } = await subscribe(slug, writer);
    const reader = await signIn(await createToken({ role: "read", feeds: [slug] }));
    const list = await consolePage(`/console/feeds/${slug}/webhooks`, reader);
    expect(list).toContain(endpoint.url);
    expect(list).not.toContain("New endpoint");
    const page = `/console/feeds/${slug}/webhooks/${endpoint.id}`;
    const html = await consolePage(page, reader);
    expect(html).toContain('id="chart-day"');
    expect(html).not.toMatch(/<form method="post" action="\/console\/feeds/);
    const csrf = csrfOf(html);
    for (const action of ["test", "pause", "resume", "rotate-secret", "replay", "edit", "delete"]) {
      const response = await consoleFetch(`${page}/${action}`, {
        browser: reader,
        form: { csrf, since: "2020-01-01T00:00" },
      });
      expect(response.status, action).toBe(403);
    }
    expect(
      (
        await consoleFetch(`/console/feeds/${slug}/webhooks`, {
          browser: reader,
          form: { csrf, url: "https://example.com/" },
        })
      ).status,
    ).toBe(403);
    for (const path of [
      "/webhooks/new",
      `/webhooks/${endpoint.id}/edit`,
      `/webhooks/${endpoint.id}/delete`,
    ]) {
      expect((await consoleFetch(`/console/feeds/${slug}${path}`, { browser: reader })).status, path).toBe(
        403,
      );
    }
    expect((await endpointsOf(slug, writer))[0]).toMatchObject({ paused: false, url: endpoint.url });
  });

  it("refuse every form without the session's CSRF token, and a token scoped elsewhere, writing nothing", async () => {
    const { slug, token } = await feedWithToken("write");
    const { endpoint, receiverId } = await subscribe(slug, token);
    const browser = await signIn(token);
    const page = `/console/feeds/${slug}/webhooks/${endpoint.id}`;
    for (const action of [
      "test",
      "pause",
      "rotate-secret",
      "replay",
      "edit",
      "delete",
      "deliveries/dlv_000000000000000000000000/redeliver",
    ]) {
      const response = await consoleFetch(`${page}/${action}`, {
        browser,
        form: { since: "2020-01-01T00:00" },
      });
      expect(response.status, action).toBe(403);
    }
    const stranger = await signIn(await createToken({ role: "write", feeds: [await createFeed()] }));
    const csrf = csrfOf(await consolePage("/console/feeds", stranger));
    expect((await consoleFetch(`${page}/test`, { browser: stranger, form: { csrf } })).status).toBe(403);
    expect((await consoleFetch(page, { browser: stranger })).status).toBe(403);
    await drained(slug);
    expect(await receivedBy(receiverId)).toEqual([]);
    expect((await endpointsOf(slug, token))[0]).toMatchObject({ paused: false, description: null });
  });
});
