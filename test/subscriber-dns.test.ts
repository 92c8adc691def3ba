import { describe, expect, it } from "vitest";
import { publish } from "./support/articles";
import { dnsQueryCount, setDnsRecords, uniqueName } from "./support/dns";
import { api, expectProblem, pointers } from "./support/http";
import { waitForIntent } from "./support/intents";
import { receiverUrl } from "./support/receiver";
import { feedWithToken } from "./support/seed";
import { waitForLog } from "./support/webhooks";
import { hub, topicOf } from "./support/websub";

const PUBLIC_V4 = "93.184.216.34";

async function createWebhook(slug: string, token: string, url: string) {
  return api(`/v1/feeds/${slug}/webhooks`, { token, body: { url } });
}

/** Subscribes `https://<name>/hook`, which must be accepted, and returns the endpoint id. */
async function subscribeName(slug: string, token: string, name: string): Promise<string> {
  const response = await createWebhook(slug, token, `https://${name}/hook`);
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

describe.concurrent("webhook hosts are resolved at subscription", () => {
  it.each([
    ["169.254.169.254", { A: ["169.254.169.254"] }, /link-local or cloud metadata/],
    ["127.0.0.1", { A: ["127.0.0.1"] }, /loopback/],
    ["10.0.0.1", { A: ["10.0.0.1"] }, /private address/],
    ["::1", { A: [PUBLIC_V4], AAAA: ["::1"] }, /loopback/],
    ["::ffff:10.0.0.1", { AAAA: ["::ffff:10.0.0.1"] }, /IPv4-mapped private/],
  ])("refuses a name resolving to %s with 422 naming /url and the address", async (address, records, why) => {
    const { slug, token } = await feedWithToken();
    const name = uniqueName("private");
    await setDnsRecords({ [name]: records });
    const problem = await expectProblem(await createWebhook(slug, token, `https://${name}/hook`), 422);
    expect(pointers(problem)).toEqual(["/url"]);
    expect(problem.errors?.[0]?.detail).toContain(`host ${name} resolves to ${address}:`);
    expect(problem.errors?.[0]?.detail).toMatch(why);
    expect(problem.detail).toContain(address);
    const list = (await (await api(`/v1/feeds/${slug}/webhooks`, { token })).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });

  it("refuses a CNAME chain that ends in a private address", async () => {
    const { slug, token } = await feedWithToken();
    const [name, hop, end] = [uniqueName("alias"), uniqueName("hop"), uniqueName("end")];
    await setDnsRecords({ [name]: { CNAME: hop }, [hop]: { CNAME: end }, [end]: { A: ["192.168.1.10"] } });
    const problem = await expectProblem(await createWebhook(slug, token, `https://${name}/hook`), 422);
    expect(pointers(problem)).toEqual(["/url"]);
    expect(problem.errors?.[0]?.detail).toMatch(/resolves to 192\.168\.1\.10: private address/);
  });

  it("refuses a PATCH of the url to such a name and keeps the old url", async () => {
    const { slug, token } = await feedWithToken();
    const created = (await (await createWebhook(slug, token, receiverUrl("ok").url)).json()) as {
      id: string;
      url: string;
    };
    const name = uniqueName("patched");
    await setDnsRecords({ [name]: { AAAA: ["fd00::7"] } });
    const problem = await expectProblem(
      await api(`/v1/feeds/${slug}/webhooks/${created.id}`, {
        method: "PATCH",
        token,
        body: { url: `https://${name}/hook` },
      }),
      422,
    );
    expect(pointers(problem)).toEqual(["/url"]);
    expect(problem.errors?.[0]?.detail).toMatch(/resolves to fd00::7: unique local address/);
    const after = (await (await api(`/v1/feeds/${slug}/webhooks/${created.id}`, { token })).json()) as {
      url: string;
    };
    expect(after.url).toBe(created.url);
  });

  it("refuses a name that does not resolve, or whose resolver's answer is unusable", async () => {
    const { slug, token } = await feedWithToken();
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [uniqueName("missing"), {}, /NXDOMAIN/],
      [uniqueName("noaddr"), { A: [], AAAA: [] }, /no A or AAAA records/],
      [uniqueName("garbage"), { body: "garbage" }, /not JSON/],
      [uniqueName("huge"), { body: "oversize" }, /over 65536 bytes/],
      [uniqueName("down"), { httpStatus: 503 }, /HTTP 503/],
    ];
    await setDnsRecords(
      Object.fromEntries(cases.filter(([, r]) => Object.keys(r).length > 0).map(([n, r]) => [n, r])),
    );
    for (const [name, , why] of cases) {
      const problem = await expectProblem(await createWebhook(slug, token, `https://${name}/hook`), 422);
      expect(pointers(problem), name).toEqual(["/url"]);
      expect(problem.errors?.[0]?.detail, name).toMatch(/could not be resolved/);
      expect(problem.errors?.[0]?.detail, name).toMatch(why);
    }
  });

  it("asks the resolver once per TTL: a second subscription to the same name is answered from the cache", async () => {
    const { slug, token } = await feedWithToken();
    const [cached, uncached] = [uniqueName("cached"), uniqueName("ttl0")];
    await setDnsRecords({ [cached]: { A: [PUBLIC_V4], ttl: 300 }, [uncached]: { A: [PUBLIC_V4], ttl: 0 } });
    await subscribeName(slug, token, cached);
    await subscribeName(slug, token, cached);
    await subscribeName(slug, token, uncached);
    await subscribeName(slug, token, uncached);
    // One A and one AAAA query per lookup.
    expect(await dnsQueryCount(cached)).toBe(2);
    expect(await dnsQueryCount(uncached)).toBe(4);
  });
});

describe.concurrent("webhook hosts are resolved again before every attempt", () => {
  it("catches a name that rebinds to a private address after subscribing: the attempt fails and says why", async () => {
    const { slug, token } = await feedWithToken();
    const name = uniqueName("rebind");
    await setDnsRecords({ [name]: { A: [PUBLIC_V4], ttl: 0 } });
    const endpointId = await subscribeName(slug, token, name);
    await setDnsRecords({ [name]: { A: [PUBLIC_V4, "10.9.8.7"], ttl: 0 } });
    await publish(slug, token);
    const log = await waitForLog(slug, token, endpointId, (l) => l.items[0]?.status === "dead");
    expect(log.items[0]?.attempts).toBe(1);
    const [attempt] = log.items[0]?.attempt_log ?? [];
    expect(attempt?.error).toBe(
      `destination refused: host ${name} resolves to 10.9.8.7: private address (RFC 1918)`,
    );
    expect(attempt?.response_status).toBeNull();
    expect(attempt?.duration_ms).toBe(0);
  });

  it("fails closed when the lookup fails: nothing is sent, and the attempt is retried", async () => {
    const { slug, token } = await feedWithToken();
    const [servfail, down] = [uniqueName("servfail"), uniqueName("resolver-down")];
    await setDnsRecords({ [servfail]: { A: [PUBLIC_V4], ttl: 0 }, [down]: { A: [PUBLIC_V4], ttl: 0 } });
    const endpoints = [
      {
        id: await subscribeName(slug, token, servfail),
        why: /could not be resolved: the resolver answered SERVFAIL/,
      },
      {
        id: await subscribeName(slug, token, down),
        why: /could not be resolved: the resolver answered HTTP 500/,
      },
    ];
    await setDnsRecords({ [servfail]: { rcode: 2 }, [down]: { httpStatus: 500 } });
    const asked = await dnsQueryCount(servfail);
    await publish(slug, token);
    for (const { id, why } of endpoints) {
      const log = await waitForLog(slug, token, id, (l) => (l.items[0]?.attempts ?? 0) >= 2);
      expect(["pending", "dead"]).toContain(log.items[0]?.status);
      for (const attempt of log.items[0]?.attempt_log ?? []) {
        expect(attempt.error).toMatch(why);
        expect(attempt.response_status).toBeNull();
        expect(attempt.duration_ms).toBe(0);
      }
    }
    expect(await dnsQueryCount(servfail)).toBeGreaterThanOrEqual(asked + 4);
  });
});

describe.concurrent("WebSub callbacks are resolved too", () => {
  it("refuses a hub.callback whose name resolves to a metadata address, pointing at /hub.callback", async () => {
    const { slug } = await feedWithToken();
    const name = uniqueName("hub-metadata");
    await setDnsRecords({ [name]: { A: ["169.254.169.254"] } });
    const response = await hub({
      "hub.mode": "subscribe",
      "hub.topic": topicOf(slug),
      "hub.callback": `https://${name}/callback`,
    });
    const problem = await expectProblem(response, 400);
    expect(pointers(problem)).toEqual(["/hub.callback"]);
    expect(problem.errors?.[0]?.detail).toMatch(
      /resolves to 169\.254\.169\.254: link-local or cloud metadata/,
    );
  });

  it("fails the verification of a callback that rebinds after subscribing, without asking it", async () => {
    const { slug } = await feedWithToken();
    const name = uniqueName("hub-rebind");
    // Public for the hub's own check (one A and one AAAA query), loopback for every query after.
    await setDnsRecords({
      [name]: { A: [PUBLIC_V4], ttl: 0, rebind: { afterQueries: 2, to: { A: ["127.0.0.1"], ttl: 0 } } },
    });
    const callback = `https://${name}/callback`;
    const response = await hub({
      "hub.mode": "subscribe",
      "hub.topic": topicOf(slug),
      "hub.callback": callback,
    });
    expect(response.status).toBe(202);
    const intent = await waitForIntent(callback, (row) => row.status !== "pending");
    expect(intent).toEqual({
      status: "failed",
      last_error: `host ${name} resolves to 127.0.0.1: loopback address`,
    });
  });
});
