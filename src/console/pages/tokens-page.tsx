import type { ApiToken } from "../../domain/tokens";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import { formatUtc, isoTime } from "../format";
import { consolePaths } from "../paths";

/** Whether a token still works: revoked and expired ones are listed, and say so. */
export function tokenStatus(token: ApiToken, nowMs: number): "live" | "revoked" | "expired" {
  if (token.revokedAt !== null) return "revoked";
  return token.expiresAt !== null && token.expiresAt <= nowMs ? "expired" : "live";
}

const STATUS_LABELS = { live: "Live", revoked: "Revoked", expired: "Expired" } as const;
const STATUS_BADGES = { live: "succeeded", revoked: "dead", expired: "cancelled" } as const;

function Time(props: { ms: number | null; never: string }) {
  return props.ms === null ? (
    <span class="muted">{props.never}</span>
  ) : (
    <time datetime={isoTime(props.ms)}>{formatUtc(props.ms)}</time>
  );
}

/** The tokens an admin may manage, newest first, with what each may do and when it was last used. */
export function TokensPage(props: {
  state: PageState;
  tokens: readonly ApiToken[];
  /** The signed-in token's public id: it cannot revoke itself. */
  selfId: string;
  nextCursor: string | null;
  isFirstPage: boolean;
  nowMs: number;
  notice: string | null;
}) {
  return (
    <Layout state={props.state} title="Tokens" notice={props.notice}>
      <div class="page-head">
        <h1>Tokens</h1>
        <a class="button" href={consolePaths.newToken}>
          New token
        </a>
      </div>
      <p class="muted">
        API tokens sign in to the console and call the API. Ferry keeps only a hash of each: a secret is shown
        once, when the token is created or rotated.
      </p>
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Role</th>
            <th scope="col">Feeds</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.tokens.map((token) => {
            const status = tokenStatus(token, props.nowMs);
            const self = token.id === props.selfId;
            return (
              <tr class={status === "live" ? undefined : "deleted"}>
                <td>
                  <span class="title">{token.label}</span>
                  {self ? <span class="muted small"> (this session's token)</span> : null}
                  <br />
                  <span class="muted small">
                    Created <Time ms={token.createdAt} never="" />
                  </span>
                </td>
                <td data-label="Role">{token.role}</td>
                <td data-label="Feeds">{token.feeds ? token.feeds.join(", ") : "Every feed"}</td>
                <td data-label="Last used">
                  <Time ms={token.lastUsedAt} never="never" />
                </td>
                <td data-label="Expires">
                  <Time ms={token.expiresAt} never="never" />
                </td>
                <td data-label="Status">
                  <span class={`badge ${STATUS_BADGES[status]}`}>{STATUS_LABELS[status]}</span>
                </td>
                <td data-label="Actions">
                  {status === "live" ? (
                    <span class="actions">
                      <a
                        href={consolePaths.tokenAction(token.id, "rotate")}
                        aria-label={`Rotate ${token.label}`}
                      >
                        Rotate…
                      </a>
                      {self ? null : (
                        <a
                          href={consolePaths.tokenAction(token.id, "revoke")}
                          aria-label={`Revoke ${token.label}`}
                        >
                          Revoke…
                        </a>
                      )}
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <nav class="pager" aria-label="Pages">
        {props.isFirstPage ? null : <a href={consolePaths.tokens}>Newest</a>}
        {props.nextCursor ? (
          <a href={`${consolePaths.tokens}?cursor=${props.nextCursor}`}>Older tokens</a>
        ) : null}
      </nav>
    </Layout>
  );
}
