import { describe, expect, it } from "vitest";
import { combineLookups, MAX_CNAME_CHAIN, readDohAnswer } from "../../src/outbound/dns-answer";

const a = (name: string, data: string, TTL = 300) => ({ name, type: 1, TTL, data });
const aaaa = (name: string, data: string, TTL = 300) => ({ name, type: 28, TTL, data });
const cname = (name: string, data: string, TTL = 300) => ({ name, type: 5, TTL, data });

describe("readDohAnswer", () => {
  it("reads the addresses of the asked type and the lowest TTL", () => {
    const json = {
      Status: 0,
      Answer: [a("hooks.example.com.", "93.184.216.34", 60), a("hooks.example.com", "8.8.8.8", 30)],
    };
    expect(readDohAnswer("hooks.example.com", "A", json)).toEqual({
      ok: true,
      addresses: ["93.184.216.34", "8.8.8.8"],
      ttlSeconds: 30,
    });
  });

  it("walks a CNAME chain to its addresses, in any letter case and with or without trailing dots", () => {
    const json = {
      Status: 0,
      Answer: [
        cname("Hooks.Example.com.", "edge.cdn.example.net.", 120),
        cname("edge.cdn.example.net", "EDGE-7.cdn.example.net.", 600),
        aaaa("edge-7.cdn.example.net.", "2606:4700::1111", 90),
      ],
    };
    expect(readDohAnswer("hooks.example.com", "AAAA", json)).toEqual({
      ok: true,
      addresses: ["2606:4700::1111"],
      ttlSeconds: 90,
    });
  });

  it("takes only records of the asked type held by the chain's names", () => {
    const json = {
      Status: 0,
      Answer: [
        cname("a.test.", "b.test."),
        a("b.test.", "93.184.216.34"),
        aaaa("b.test.", "::1"),
        a("x.test.", "10.0.0.1"),
      ],
    };
    expect(readDohAnswer("a.test", "A", json)).toMatchObject({ ok: true, addresses: ["93.184.216.34"] });
  });

  it(`follows at most ${MAX_CNAME_CHAIN} CNAMEs and refuses a longer chain or a loop`, () => {
    const chain = (hops: number) =>
      Array.from({ length: hops }, (_, i) => cname(`n${i}.test.`, `n${i + 1}.test.`)).concat(
        a(`n${hops}.test.`, "93.184.216.34"),
      );
    expect(readDohAnswer("n0.test", "A", { Status: 0, Answer: chain(MAX_CNAME_CHAIN) })).toMatchObject({
      ok: true,
    });
    expect(readDohAnswer("n0.test", "A", { Status: 0, Answer: chain(MAX_CNAME_CHAIN + 1) })).toEqual({
      ok: false,
      reason: `more than ${MAX_CNAME_CHAIN} CNAMEs in a row`,
    });
    const loop = { Status: 0, Answer: [cname("a.test.", "b.test."), cname("b.test.", "a.test.")] };
    expect(readDohAnswer("a.test", "A", loop)).toMatchObject({ ok: false, reason: /CNAMEs in a row/ });
  });

  it("is an empty (NODATA) answer when the name has no record of that type", () => {
    expect(readDohAnswer("v4only.test", "AAAA", { Status: 0 })).toEqual({
      ok: true,
      addresses: [],
      ttlSeconds: Number.POSITIVE_INFINITY,
    });
  });

  it.each([
    [2, /SERVFAIL/],
    [3, /NXDOMAIN/],
    [5, /REFUSED/],
    [9, /rcode 9/],
  ])("fails on status %i", (Status, reason) => {
    expect(readDohAnswer("x.test", "A", { Status, Answer: [a("x.test.", "93.184.216.34")] })).toMatchObject({
      ok: false,
      reason,
    });
  });

  it.each([
    null,
    "text",
    [],
    { Answer: [] },
    { Status: "0" },
    { Status: 0, Answer: [{ name: "x.test", type: 1 }] },
  ])("fails on something that is not a DoH JSON answer: %j", (json) => {
    expect(readDohAnswer("x.test", "A", json)).toMatchObject({ ok: false, reason: /not DNS JSON/ });
  });
});

describe("combineLookups", () => {
  const found = (addresses: string[], ttlSeconds = 300) => ({ ok: true as const, addresses, ttlSeconds });

  it("joins the A and AAAA addresses with the lower TTL", () => {
    expect(combineLookups([found(["93.184.216.34"], 60), found(["2606:4700::1111"], 20)])).toEqual({
      ok: true,
      addresses: ["93.184.216.34", "2606:4700::1111"],
      ttlSeconds: 20,
    });
    expect(combineLookups([found(["93.184.216.34"], 60), found([], Number.POSITIVE_INFINITY)])).toEqual(
      found(["93.184.216.34"], 60),
    );
  });

  it("fails when either query failed, even if the other found addresses", () => {
    expect(
      combineLookups([found(["93.184.216.34"]), { ok: false, reason: "the resolver answered SERVFAIL" }]),
    ).toEqual({
      ok: false,
      reason: "the resolver answered SERVFAIL",
    });
  });

  it("fails for a name with no address at all", () => {
    expect(combineLookups([found([]), found([])])).toEqual({
      ok: false,
      reason: "the name has no A or AAAA records",
    });
  });
});
