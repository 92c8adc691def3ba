import { loadSecretKeyring, type SecretKeyring } from "../domain/secret-keyring";
import type { Env } from "../env";

export type SecretKeysEnv = Pick<Env, "SECRETS_KEY" | "SECRETS_KEY_PREVIOUS">;

let memo: {
  current: string | undefined;
  previous: string | undefined;
  keyring: Promise<SecretKeyring>;
} | null = null;

/** The keyring of this isolate's Worker secrets, imported once and again only when they change. */
export function readSecretKeyring(env: SecretKeysEnv): Promise<SecretKeyring> {
  if (!memo || memo.current !== env.SECRETS_KEY || memo.previous !== env.SECRETS_KEY_PREVIOUS) {
    const text = { current: env.SECRETS_KEY, previous: env.SECRETS_KEY_PREVIOUS };
    memo = { ...text, keyring: loadSecretKeyring(text) };
  }
  return memo.keyring;
}
