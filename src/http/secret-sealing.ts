import { FerryError } from "../domain/problems";
import { type SecretKey, SecretKeyError, sealSecret } from "../domain/secret-box";
import { type SecretKeyring, sealingKey } from "../domain/secret-keyring";
import { readSecretKeyring, type SecretKeysEnv } from "../services/secret-keys";

/**
 * The keys of a request that stores a secret. Without a usable SECRETS_KEY the request is refused with a
 * 503, never stored in clear.
 */
export async function keysForSealing(
  env: SecretKeysEnv,
): Promise<{ keyring: SecretKeyring; key: SecretKey }> {
  const keyring = await readSecretKeyring(env);
  try {
    return { keyring, key: sealingKey(keyring) };
  } catch (error) {
    throw asProblem(error);
  }
}

/** A subscriber's `hub.secret` as the hub stores it: sealed, or the request refused when it cannot be. */
export async function sealHubSecret(env: SecretKeysEnv, secret: string | null): Promise<string | null> {
  if (secret === null) return null;
  const { key } = await keysForSealing(env);
  return sealSecret(key, "websub-secret", secret);
}

/** A key problem met while answering a request: Ferry's configuration, not the client's mistake. */
export function asProblem(error: unknown): unknown {
  return error instanceof SecretKeyError ? new FerryError("service_unavailable", error.message) : error;
}
