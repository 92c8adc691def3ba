import { describe, expect, it } from "vitest";
import {
  importSecretKey,
  openSecret,
  SecretKeyError,
  sealedKeyId,
  sealSecret,
} from "../../src/domain/secret-box";
import { loadSecretKeyring, sealingKey } from "../../src/domain/secret-keyring";

// Bytes 0x01…0x20, and 0xa0…0xbf: the same pair of keys vitest.config.ts gives the Worker.
const KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
const OTHER_KEY = "oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8";
const PLAINTEXT = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/**
 * Computed independently with Node's crypto, not with this code:
 *   key = bytes 0x01…0x20, iv = bytes 0x00…0x0b, aad = "webhook-secret"
 *   createCipheriv("aes-256-gcm", key, iv).setAAD(aad) over PLAINTEXT, ciphertext ‖ tag in base64url;
 *   key id = sha256(key) as hex, first 8 digits.
 */
const KNOWN_SEALED =
  "enc:v1:ae216c2e:AAECAwQFBgcICQoL:Blhy8quCLG1EeoszXN-81Fjl6eIUyio49QEx7QacXQnKyf6BFPIADiEvFW0tQc2BQ1jZ4yr5";

describe("secret box", () => {
  it("opens a value sealed by an independent AES-256-GCM implementation (known answer)", async () => {
    const key = await importSecretKey(KEY, "SECRETS_KEY");
    expect(key.id).toBe("ae216c2e");
    expect(sealedKeyId(KNOWN_SEALED)).toBe("ae216c2e");
    expect(await openSecret([key], "webhook-secret", KNOWN_SEALED)).toBe(PLAINTEXT);
  });

  it("reads a key in base64 or base64url, padded or not, as the same key", async () => {
    const ids = await Promise.all(
      [KEY, KEY.replace(/=+$/, ""), ` ${KEY}\n`].map(async (text) => (await importSecretKey(text, "K")).id),
    );
    expect(ids).toEqual(["ae216c2e", "ae216c2e", "ae216c2e"]);
    expect((await importSecretKey(OTHER_KEY, "K")).id).toBe("00e98867");
  });

  it("refuses a key that is not 32 bytes of base64", async () => {
    for (const bad of [
      "",
      "abc",
      KEY.slice(0, 40),
      `${KEY}AAAA`,
      "not base64 at all!!!!!!!!!!!!!!!!!!!!!!!!!",
    ]) {
      await expect(importSecretKey(bad, "SECRETS_KEY"), JSON.stringify(bad)).rejects.toThrow(SecretKeyError);
    }
  });

  it("round-trips with a fresh IV every time", async () => {
    const key = await importSecretKey(KEY, "SECRETS_KEY");
    const first = await sealSecret(key, "websub-secret", "a secret of the subscriber ✓");
    const second = await sealSecret(key, "websub-secret", "a secret of the subscriber ✓");
    expect(first).toMatch(/^enc:v1:ae216c2e:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(await openSecret([key], "websub-secret", first)).toBe("a secret of the subscriber ✓");
    expect(await openSecret([key], "websub-secret", second)).toBe("a secret of the subscriber ✓");
  });

  it("refuses a wrong key, a tampered value and a value moved to another purpose", async () => {
    const key = await importSecretKey(KEY, "SECRETS_KEY");
    const other = await importSecretKey(OTHER_KEY, "SECRETS_KEY_PREVIOUS");
    await expect(openSecret([other], "webhook-secret", KNOWN_SEALED)).rejects.toThrow(/key ae216c2e/);
    // The right id but the wrong key: the tag does not verify.
    const relabelled = KNOWN_SEALED.replace("ae216c2e", "00e98867");
    await expect(openSecret([other], "webhook-secret", relabelled)).rejects.toThrow(/failed authentication/);
    const tail = KNOWN_SEALED.at(-1) === "A" ? "B" : "A";
    const tampered = `${KNOWN_SEALED.slice(0, -1)}${tail}`;
    await expect(openSecret([key], "webhook-secret", tampered)).rejects.toThrow(SecretKeyError);
    await expect(openSecret([key], "websub-secret", KNOWN_SEALED)).rejects.toThrow(/failed authentication/);
    await expect(openSecret([key], "idempotent-response", KNOWN_SEALED)).rejects.toThrow(SecretKeyError);
    await expect(openSecret([key], "webhook-secret", "enc:v1:ae216c2e:short:x")).rejects.toThrow(
      /not a well-formed/,
    );
  });

  it("returns a value stored in clear before encryption as it is", async () => {
    expect(sealedKeyId(PLAINTEXT)).toBeNull();
    expect(await openSecret([], "webhook-secret", PLAINTEXT)).toBe(PLAINTEXT);
  });
});

describe("secret keyring", () => {
  it("opens with the current and the previous key and seals with the current one only", async () => {
    const keyring = await loadSecretKeyring({ current: KEY, previous: OTHER_KEY });
    expect(keyring.problems).toEqual([]);
    expect(keyring.keys.map((k) => k.id)).toEqual(["ae216c2e", "00e98867"]);
    expect(sealingKey(keyring).id).toBe("ae216c2e");
    const previous = keyring.previous;
    if (!previous) throw new Error("no previous key");
    const sealed = await sealSecret(previous, "webhook-secret", PLAINTEXT);
    expect(await openSecret(keyring.keys, "webhook-secret", sealed)).toBe(PLAINTEXT);
  });

  it("names what is missing or malformed, and refuses to seal without a current key", async () => {
    const missing = await loadSecretKeyring({ current: undefined, previous: undefined });
    expect(missing.current).toBeNull();
    expect(missing.problems).toEqual(["SECRETS_KEY is not set."]);
    expect(() => sealingKey(missing)).toThrow(/SECRETS_KEY is not set/);
    const malformed = await loadSecretKeyring({ current: "abc", previous: "def" });
    expect(malformed.current).toBeNull();
    expect(malformed.problems).toEqual([
      "SECRETS_KEY must be 32 random bytes in base64 or base64url.",
      "SECRETS_KEY_PREVIOUS must be 32 random bytes in base64 or base64url.",
    ]);
  });

  it("treats the same key set as both current and previous as no rotation", async () => {
    const keyring = await loadSecretKeyring({ current: KEY, previous: KEY.replace(/=$/, "") });
    expect(keyring.previous).toBeNull();
    expect(keyring.keys).toHaveLength(1);
  });
});
