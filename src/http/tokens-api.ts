import type { Context } from "hono";
import { Hono } from "hono";
import { findTokenByPublicId, listTokens, revokeToken } from "../db/token-management";
import type { TokenOutput } from "../domain/api-schemas";
import { encodeCursor } from "../domain/cursor";
import { TokenId, TokenInput } from "../domain/token-input";
import { toTokenView } from "../domain/token-view";
import { type ApiToken, scopeCovers } from "../domain/tokens";
import { prepareIssueToken, rotateTokenSecret } from "../services/api-tokens";
import { parseListQuery } from "./article-params";
import { requireRole, requireToken } from "./auth";
import { readCreateRequest } from "./create-request";
import type { FerryHono } from "./hono-env";
import { commitIdempotently } from "./idempotency";
import { methodNotAllowed } from "./method-not-allowed";
import { FerryError } from "./problem";
import { parsePathParameter } from "./validate";

// A response that carries a secret must not be kept by any cache.
const SECRET_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

/** Token lifecycle, mounted at `/v1/tokens`; every route needs an admin token. */
export const tokensApi = new Hono<FerryHono>();
tokensApi.use(requireToken);
tokensApi.use(async (c, next) => {
  requireRole(c.get("grant"), "admin");
  await next();
});

/**
 * Secrets are never stored, so an Idempotency-Key replay answers with the token it created but without its
 * secret (and creates nothing): only the first response shows it.
 */
tokensApi.post("/", async (c) => {
  const grant = c.get("grant");
  const { input, request } = await readCreateRequest(c, TokenInput);
  let issued: { view: TokenOutput; secret: string } | undefined;
  let committed = false;
  const response = await commitIdempotently(
    c.env.DB,
    request,
    async () => {
      const { token, secret, statements } = await prepareIssueToken(c.env.DB, grant, input, Date.now());
      issued = { view: toTokenView(token), secret };
      const headers = { ...SECRET_HEADERS, location: `/v1/tokens/${token.id}` };
      return { statements, response: { status: 201, headers, body: JSON.stringify(issued.view) } };
    },
    () => {
      committed = true;
    },
  );
  if (!committed || !issued) return response;
  return c.json({ ...issued.view, token: issued.secret }, 201, Object.fromEntries(response.headers));
});

tokensApi.get("/", async (c) => {
  const grant = c.get("grant");
  const { limit, beforeRowId } = parseListQuery(c.req.query());
  const tokens = await listTokens(c.env.DB, { actor: grant, beforeRowId, limit: limit + 1 });
  const page = tokens.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = tokens.length > limit && last ? encodeCursor([last.rowId]) : null;
  if (nextCursor) {
    const next = new URL(c.req.url);
    next.searchParams.set("cursor", nextCursor);
    c.header("link", `<${next.pathname}${next.search}>; rel="next"`);
  }
  return c.json({ items: page.map(toTokenView), next_cursor: nextCursor });
});

tokensApi.get("/:id", async (c) => c.json(toTokenView(await loadManagedToken(c))));

/** Revoking is final and idempotent; a token may not revoke itself (see README: Tokens). */
tokensApi.delete("/:id", async (c) => {
  const token = await loadManagedToken(c);
  if (token.rowId === c.get("grant").tokenRowId) {
    throw new FerryError(
      "conflict",
      "A token cannot revoke itself; revoke it with another admin token, or rotate it if its secret leaked.",
    );
  }
  await revokeToken(c.env.DB, token.rowId, Date.now());
  return c.body(null, 204);
});

tokensApi.post("/:id/rotate", async (c) => {
  const token = await loadManagedToken(c);
  const secret = await rotateTokenSecret(c.env.DB, token, Date.now());
  return c.json({ ...toTokenView(token), token: secret }, 200, SECRET_HEADERS);
});

tokensApi.all("/", methodNotAllowed(["GET", "POST"]));
tokensApi.all("/:id", methodNotAllowed(["GET", "DELETE"]));
tokensApi.all("/:id/rotate", methodNotAllowed(["POST"]));

/** The token named in the path, if this admin may manage it; one outside its scope does not exist for it. */
async function loadManagedToken(c: Context<FerryHono>): Promise<ApiToken> {
  const id = parsePathParameter("id", TokenId, (c.req.param("id") as string).toLowerCase());
  const token = await findTokenByPublicId(c.env.DB, id);
  if (!token || !scopeCovers(c.get("grant"), token.feedRowIds)) {
    throw new FerryError("not_found", `There is no token ${id}.`);
  }
  return token;
}
