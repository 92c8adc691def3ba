import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signWebhook, webhookHeaders } from "../../src/domain/standard-webhooks";
import { timingSafeEqual } from "../../src/domain/timing-safe-equal";

// Test vector published with the Standard Webhooks reference libraries.
const SPEC_VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestampSeconds: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

// Non-ASCII body: the signature must cover the UTF-8 bytes. Expected value computed with Python's hmac.
const UTF8_VECTOR = {
  secret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
  id: "evt_01J",
  timestampSeconds: 1735689600,
  body: '{"type":"article.published","data":{"title":"Café ☕"}}',
  signature: "v1,85Im0D9yMV1QBYGYoF+3SA+HrORdYVW1/1oG4DxkysY=",
};

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

describe("signWebhook", () => {
  it.each([SPEC_VECTOR, UTF8_VECTOR])("produces the known signature for $id", async (v) => {
    const header = await signWebhook({ ...v, secrets: [v.secret] });
    expect(header).toBe(v.signature);
  });

  it.each([SPEC_VECTOR, UTF8_VECTOR])(
    "agrees with the reference library's Webhook#sign for $id",
    async (v) => {
      const reference = new Webhook(v.secret).sign(v.id, new Date(v.timestampSeconds * 1000), v.body);
      expect(await signWebhook({ ...v, secrets: [v.secret] })).toBe(reference);
    },
  );

  it("emits one space-separated v1 signature per secret, in order", async () => {
    const header = await signWebhook({ ...SPEC_VECTOR, secrets: [SPEC_VECTOR.secret, UTF8_VECTOR.secret] });
    const parts = header.split(" ");
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(SPEC_VECTOR.signature);
    expect(parts[1]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });

  it("refuses an empty secret list, a secret without the whsec_ prefix and bad base64", async () => {
    const base = { id: "msg_1", timestampSeconds: 1, body: "{}" };
    await expect(signWebhook({ ...base, secrets: [] })).rejects.toThrow(/at least one/);
    await expect(signWebhook({ ...base, secrets: ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"] })).rejects.toThrow(
      /whsec_/,
    );
    await expect(signWebhook({ ...base, secrets: ["whsec_not base64!"] })).rejects.toThrow(/base64/);
    await expect(signWebhook({ ...base, secrets: ["whsec_"] })).rejects.toThrow(/empty/);
  });

  it("refuses a timestamp that is not whole seconds", async () => {
    const input = { id: "msg_1", body: "{}", secrets: [SPEC_VECTOR.secret] };
    await expect(signWebhook({ ...input, timestampSeconds: 1614265330.5 })).rejects.toThrow(RangeError);
    await expect(signWebhook({ ...input, timestampSeconds: -1 })).rejects.toThrow(RangeError);
  });
});

describe("webhookHeaders", () => {
  it("returns exactly the Standard Webhooks headers plus the JSON content type", async () => {
    const headers = await webhookHeaders({ ...SPEC_VECTOR, secrets: [SPEC_VECTOR.secret] });
    expect(headers).toEqual({
      "content-type": "application/json",
      "webhook-id": SPEC_VECTOR.id,
      "webhook-timestamp": "1614265330",
      "webhook-signature": SPEC_VECTOR.signature,
    });
  });

  it("is accepted by the reference verifier", async () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ type: "article.published", data: { id: "a1", title: "Héllo" } });
    const headers = await webhookHeaders({
      id: "msg_abc",
      timestampSeconds: nowSeconds(),
      body,
      secrets: [secret],
    });
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it("verifies with either secret while a rotation is in progress", async () => {
    const [oldSecret, newSecret] = [generateWebhookSecret(), generateWebhookSecret()];
    const body = '{"type":"feed.updated"}';
    const headers = await webhookHeaders({
      id: "msg_rot",
      timestampSeconds: nowSeconds(),
      body,
      secrets: [oldSecret, newSecret],
    });
    expect(new Webhook(oldSecret).verify(body, { ...headers })).toEqual({ type: "feed.updated" });
    expect(new Webhook(newSecret).verify(body, { ...headers })).toEqual({ type: "feed.updated" });
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow(/No matching/);
  });

  it("fails verification when the body, timestamp or id is tampered with", async () => {
    const secret = generateWebhookSecret();
    const body = '{"amount":100}';
    const timestampSeconds = nowSeconds();
    const headers = await webhookHeaders({ id: "msg_t", timestampSeconds, body, secrets: [secret] });
    const verifier = new Webhook(secret);
    expect(() => verifier.verify('{"amount":1000}', { ...headers })).toThrow(/No matching/);
    expect(() => verifier.verify(`${body} `, { ...headers })).toThrow(/No matching/);
    const shifted = { ...headers, "webhook-timestamp": String(timestampSeconds - 1) };
    expect(() => verifier.verify(body, shifted)).toThrow(/No matching/);
    expect(() => verifier.verify(body, { ...headers, "webhook-id": "msg_u" })).toThrow(/No matching/);
  });
});

describe("generateWebhookSecret", () => {
  it("returns whsec_ followed by base64 of 32 random bytes", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(atob(secret.slice("whsec_".length))).toHaveLength(32);
  });

  it("never repeats", () => {
    const secrets = new Set(Array.from({ length: 100 }, generateWebhookSecret));
    expect(secrets.size).toBe(100);
  });
});

describe("timingSafeEqual", () => {
  it.each([
    ["", "", true],
    ["abc", "abc", true],
    ["whsec_x", "whsec_x", true],
    ["café", "café", true],
    ["abc", "abd", false],
    ["abc", "ab", false],
    ["ab", "abc", false],
    ["", "a", false],
    ["café", "cafe", false],
    ["ABC", "abc", false],
  ])("%j vs %j → %s", (a, b, equal) => {
    expect(timingSafeEqual(a, b)).toBe(equal);
  });
});
