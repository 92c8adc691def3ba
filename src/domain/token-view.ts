import type { TokenOutput } from "./api-schemas";
import { formatRfc3339 } from "./rfc3339";
import type { ApiToken } from "./tokens";

const timestamp = (ms: number | null) => (ms === null ? null : formatRfc3339(ms));

/** A token in the API's shape: everything about it except its secret and the secret's hash. */
export function toTokenView(token: ApiToken): TokenOutput {
  return {
    id: token.id,
    label: token.label,
    role: token.role,
    feeds: token.feeds,
    created_at: formatRfc3339(token.createdAt),
    last_used_at: timestamp(token.lastUsedAt),
    expires_at: timestamp(token.expiresAt),
    revoked_at: timestamp(token.revokedAt),
  };
}
