import { importSecretKey, type SecretKey, SecretKeyError } from "./secret-box";

/** The keys for secrets at rest, from the Worker secrets SECRETS_KEY and SECRETS_KEY_PREVIOUS. */
export interface SecretKeyring {
  /** Seals every new value; null when SECRETS_KEY is missing or malformed. */
  current: SecretKey | null;
  /** The key SECRETS_KEY replaced, while the cron re-encrypts what it sealed; null when unset. */
  previous: SecretKey | null;
  /** Every key that opens a stored value: the current one first. */
  keys: SecretKey[];
  /** What is wrong with the configuration, for /healthz and for refusals; empty when nothing is. */
  problems: string[];
}

export async function loadSecretKeyring(text: {
  current: string | undefined;
  previous: string | undefined;
}): Promise<SecretKeyring> {
  const problems: string[] = [];
  const load = async (value: string | undefined, name: string): Promise<SecretKey | null> => {
    if (value === undefined || value.trim() === "") return null;
    try {
      return await importSecretKey(value, name);
    } catch (error) {
      if (!(error instanceof SecretKeyError)) throw error;
      problems.push(error.message);
      return null;
    }
  };
  const current = await load(text.current, "SECRETS_KEY");
  if (!current && problems.length === 0) problems.push("SECRETS_KEY is not set.");
  const loadedPrevious = await load(text.previous, "SECRETS_KEY_PREVIOUS");
  // The same key set twice is not a rotation.
  const previous = loadedPrevious && loadedPrevious.id !== current?.id ? loadedPrevious : null;
  return { current, previous, keys: [current, previous].filter((k) => k !== null), problems };
}

/** The key that seals new values; without one Ferry refuses to store a secret rather than keep it in clear. */
export function sealingKey(keyring: SecretKeyring): SecretKey {
  if (!keyring.current) {
    throw new SecretKeyError(
      `Ferry cannot store secrets: ${keyring.problems.join(" ")} Its operator must set the Worker secret SECRETS_KEY.`,
    );
  }
  return keyring.current;
}
