import { describe, expect, it } from "vitest";
import {
  digestHeader,
  MAX_SIGNATURE_HEADER_CHARS,
  parseSignatureHeader,
  type SignedRequest,
  signingString,
  signOutgoing,
} from "../../src/domain/http-signature";
import {
  precheckSignature,
  type ReceivedRequest,
  signatureVerifies,
} from "../../src/domain/http-signature-check";
import { importPrivateKey, importPublicKey, verifyRsa } from "../../src/domain/rsa-keys";
import privateKeyPem from "../fixtures/activitypub/test-key.pem?raw";
import publicKeyPem from "../fixtures/activitypub/test-key.pub.pem?raw";

/**
 * Known answers made with Node's crypto (RSASSA-PKCS1-v1_5 is deterministic): a fixed test key, date and body
 * must give exactly this Digest and Signature, as Mastodon computes and checks them.
 */
const BODY = '{"type":"Create","id":"https://ferry.test/feeds/news/articles/1#create"}';
const NOW_MS = Date.UTC(2026, 10, 1, 12, 0, 0);
const DATE = "Sun, 01 Nov 2026 12:00:00 GMT";
const DIGEST = "SHA-256=u+eHykkp5VRYFBQyz075On7oDaTWpl0a+Zbbgxp38dY=";
const SIGNATURE =
  "cgBv3bxTy08kLM6Y9VDZkun7PeG7e6JZ5qaKhB7hzVymZhMIB2PnQT6tzJFxStC1vjf8TC5tGOtReCZ1QsOw/GzSQLn5+NET13MuUBxXFYVupbdBy7X8Lv5MHjU21PHPOkEUDrDENMfMoFPRRFX4aO6f9kAf0PJn+mZyoKEFn7AMND8NzR6BMI/xC2ycd8P7R+EqR5oCwUUhiXc3Vi//2HEWJ8+dvQdniDZcVO7qs65UhhYY3jDEOEBle+QYU6jomHQmbg3XJF8yCjQBBsE6nI17h2ME+CZE+AuG5yUdoZ41stKAEGCMSpnSSBdQK2lKXZ1h+BSZs6JnU64SfWaXXQ==";
const KEY_ID = "https://ferry.test/feeds/news/actor#main-key";

const bytes = (text: string) => new TextEncoder().encode(text);

function request(headers: Record<string, string>, target = "/users/alice/inbox"): ReceivedRequest {
  const all: Record<string, string> = { host: "social.example", ...headers };
  return {
    method: "POST",
    url: new URL(`https://${all.host}${target}`),
    target,
    header: (name) => all[name] ?? null,
  };
}

describe("signing what Ferry sends", () => {
  it("gives the known Date, Digest and Signature for a fixed key, time and body", async () => {
    const headers = await signOutgoing({
      keyId: KEY_ID,
      privateKey: await importPrivateKey(privateKeyPem),
      method: "POST",
      url: new URL("https://social.example/users/alice/inbox"),
      body: BODY,
      nowMs: NOW_MS,
    });
    expect(headers).toEqual({
      date: DATE,
      digest: DIGEST,
      signature: `keyId="${KEY_ID}",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="${SIGNATURE}"`,
    });
  });

  it("signs a GET over the request target, host and date only", async () => {
    const headers = await signOutgoing({
      keyId: KEY_ID,
      privateKey: await importPrivateKey(privateKeyPem),
      method: "GET",
      url: new URL("https://social.example/users/alice?x=1"),
      body: null,
      nowMs: NOW_MS,
    });
    expect(Object.keys(headers)).toEqual(["date", "signature"]);
    const params = parseSignatureHeader(headers.signature ?? "");
    expect(params?.headers).toEqual(["(request-target)", "host", "date"]);
    const key = (await importPublicKey(publicKeyPem)) as CryptoKey;
    const get: SignedRequest = {
      method: "GET",
      target: "/users/alice?x=1",
      header: (n) => ({ host: "social.example", date: DATE })[n] ?? null,
    };
    const read = params as NonNullable<typeof params>;
    expect(await verifyRsa(key, read.signature, signingString(get, read) as string)).toBe(true);
  });

  it("digests the exact bytes", async () => {
    expect(await digestHeader(BODY)).toBe(DIGEST);
    expect(await digestHeader(bytes(BODY))).toBe(DIGEST);
  });
});

describe("checking what an inbox receives", () => {
  const signed = (over: Record<string, string> = {}) =>
    request({
      date: DATE,
      digest: DIGEST,
      signature: `keyId="${KEY_ID}",algorithm="hs2019",headers="(request-target) host date digest",signature="${SIGNATURE}"`,
      ...over,
    });

  const verifies = async (received: ReceivedRequest) => {
    const pre = await precheckSignature(received, bytes(BODY), NOW_MS);
    if (!pre.ok) throw new Error(pre.reason);
    return signatureVerifies(pre.checked, (await importPublicKey(publicKeyPem)) as CryptoKey);
  };

  it("verifies the known signature (hs2019 names the same scheme for an RSA key), and nothing altered", async () => {
    const pre = await precheckSignature(signed(), bytes(BODY), NOW_MS);
    expect(pre.ok && pre.checked).toMatchObject({ scheme: "draft-cavage", keyId: KEY_ID });
    expect(await verifies(signed())).toBe(true);
    expect(await verifies(signed({ host: "elsewhere.example" }))).toBe(false);
    const moved = signed();
    expect(await verifies({ ...moved, target: "/inbox", url: new URL("https://social.example/inbox") })).toBe(
      false,
    );
  });

  /** Made with Node's crypto over the RFC 9421 signature base, with the same test key. */
  const RFC9421 = {
    contentDigest: "sha-256=:u+eHykkp5VRYFBQyz075On7oDaTWpl0a+Zbbgxp38dY=:",
    input:
      'sig1=("@method" "@target-uri" "content-digest");created=1793534400;keyid="https://social.example/users/alice#main-key";alg="rsa-v1_5-sha256"',
    signature:
      "sig1=:qKYKCUCK1qN23vhpbQGebkk+NDiQkmJ92/Cb4vdE/4lf0In0PPlX6JCIN1Z4A3wwrFl+FHtuv8PWlPC/llVhNw8jy7Djzw9FhV7VOAFkwI1aG+7S1uxhy3X8PGzilqFj4qGsVdPEHYxK1QgrMSeGmoF9Zct1kj1Dtz0jkdlZEOVvY55xMrRpTduXwxjjco+0/Nrzl0aPs9SZQF64CsmvommtoSlgYKqtM9u3KjOQj4zduP3sXL8Gjb/5G4E4pLdGaUVfDFjUrobmNqM5mOx/Bt3+JwRNceNo05xemPsGLOpw9Nwe7SjBASdIxwFjojk+kK4h0AKHuYA2hRn5lOdLZg==:",
  };
  const messageSigned = (over: Record<string, string | null> = {}, target = "/inbox") => {
    const headers: Record<string, string | null> = {
      "content-digest": RFC9421.contentDigest,
      "signature-input": RFC9421.input,
      signature: RFC9421.signature,
      ...over,
    };
    const received = request({ host: "ferry.test" }, target);
    return { ...received, header: (n: string) => (n in headers ? (headers[n] ?? null) : received.header(n)) };
  };

  it("verifies an RFC 9421 signature over @method, @target-uri and content-digest", async () => {
    const pre = await precheckSignature(messageSigned(), bytes(BODY), NOW_MS);
    expect(pre.ok && pre.checked).toMatchObject({
      scheme: "rfc9421",
      keyId: "https://social.example/users/alice#main-key",
    });
    expect(await verifies(messageSigned())).toBe(true);
    expect(await verifies(messageSigned({}, "/feeds/news/inbox"))).toBe(false);
  });

  it.each([
    [
      "a Content-Digest of another body",
      { "content-digest": "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:" },
      /Content-Digest/,
    ],
    ["no Content-Digest", { "content-digest": null }, /no content-digest/],
    [
      "a signature created two hours ago",
      { "signature-input": RFC9421.input.replace("1793534400", "1793527200") },
      /hour/,
    ],
    [
      "one that leaves out the digest",
      { "signature-input": 'sig1=("@method" "@target-uri");created=1793534400;keyid="k"' },
      /content-digest/,
    ],
    [
      "another algorithm",
      { "signature-input": RFC9421.input.replace("rsa-v1_5-sha256", "ed25519") },
      /rsa-v1_5/,
    ],
    ["a label that is not signed", { signature: RFC9421.signature.replace("sig1=", "sig2=") }, /names one/],
    ["a malformed input", { "signature-input": 'sig1=("@method" "@target-uri"' }, /malformed/],
  ])("refuses an RFC 9421 request with %s", async (_, over, reason) => {
    const pre = await precheckSignature(messageSigned(over), bytes(BODY), NOW_MS);
    expect(pre.ok).toBe(false);
    if (!pre.ok) expect(pre.reason).toMatch(reason);
  });

  it.each([
    ["no Signature header", () => request({ date: DATE, digest: DIGEST }), /no Signature header/],
    [
      "an unknown algorithm",
      () => signed({ signature: `keyId="k",algorithm="hmac-sha256",signature="AAAA"` }),
      /unknown algorithm/,
    ],
    [
      "a signature over the date only",
      () => signed({ signature: `keyId="k",signature="AAAA"` }),
      /does not cover/,
    ],
    ["a Date two hours old", () => signed({ date: new Date(NOW_MS - 7_200_000).toUTCString() }), /hour/],
    [
      "a Date an hour and a minute ahead",
      () => signed({ date: new Date(NOW_MS + 3_660_000).toUTCString() }),
      /hour/,
    ],
    ["a Date that is not one", () => signed({ date: "yesterday" }), /not a date/],
    [
      "a Digest of another body",
      () => signed({ digest: "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" }),
      /Digest/,
    ],
    ["a Digest with another algorithm only", () => signed({ digest: "SHA-512=abc" }), /Digest/],
  ])("refuses %s before any key is looked up", async (_, make, reason) => {
    const pre = await precheckSignature(make(), bytes(BODY), NOW_MS);
    expect(pre.ok).toBe(false);
    if (!pre.ok) expect(pre.reason).toMatch(reason);
  });
});

describe("reading a Signature header", () => {
  it("takes quoted and bare values, escapes, any case of names, and refuses repeats and junk", () => {
    expect(
      parseSignatureHeader('KeyId="a\\"b", Algorithm=rsa-sha256 ,headers="Date Digest",signature="AAAA"'),
    ).toEqual({
      keyId: 'a"b',
      headers: ["date", "digest"],
      signature: new Uint8Array([0, 0, 0]),
      created: null,
      expires: null,
    });
    for (const bad of [
      'keyId="a",keyId="b",signature="AAAA"',
      'keyId="a,signature="AAAA"',
      "keyId",
      'signature="AAAA"',
      "",
    ]) {
      expect(parseSignatureHeader(bad), bad).toBeNull();
    }
    expect(
      parseSignatureHeader(`keyId="${"k".repeat(MAX_SIGNATURE_HEADER_CHARS)}",signature="AAAA"`),
    ).toBeNull();
  });

  it("takes time linear in the header's length, whatever it holds", () => {
    // Each call repeats until 10 ms have passed, best of three: well above the clock's grain and the machine's noise.
    const msPerCall = (text: string) => {
      let best = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 3; round++) {
        const started = performance.now();
        let calls = 0;
        while (performance.now() - started < 10) {
          parseSignatureHeader(text);
          calls++;
        }
        best = Math.min(best, (performance.now() - started) / calls);
      }
      return best;
    };
    const shapes = [
      (n: number) => `keyId="${'\\"'.repeat(n)}`,
      (n: number) => ",".repeat(n),
      (n: number) => "a=".repeat(n),
    ];
    for (const shape of shapes) {
      msPerCall(shape(500));
      // Inside the 8 KiB cap, four times the input must not take sixteen times as long (quadratic would).
      expect(msPerCall(shape(2000)) / msPerCall(shape(500))).toBeLessThan(10);
    }
  });
});
