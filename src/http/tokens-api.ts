import { listTokens } from "../db/token-management";
import type { TokenOutput } from "../domain/api-schemas";
import { ListQuery, pageRequest, readPage, rowIdCursor } from "../domain/paging";
import { TokenId } from "../domain/token-input";
import { toTokenView } from "../domain/token-view";
import { prepareIssueToken, rotateTokenSecret } from "../services/api-tokens";
import { findManagedToken, revokeManagedToken } from "../services/managed-tokens";
import { SECRET_JSON_HEADERS } from "../services/write-plan";
import { caseless, linkNextPage } from "./article-params";
import { requireRole, requireToken } from "./auth";
import { readCreateRequest } from "./create-request";
import { Resource } from "./endpoint";
import { commitIdempotently } from "./idempotency";

const TOKENS = "/v1/tokens";
const TOKEN = `${TOKENS}/{token_id}`;
const TOKEN_ID = { token_id: caseless(TokenId) };

/** Token lifecycle, mounted at `/v1/tokens`; every route needs an admin token. */
const tokens = new Resource(TOKENS);
tokens.app.use(requireToken);
// Also on paths and methods no endpoint declares: a lesser token learns nothing about this resource.
tokens.app.use(async (c, next) => {
  requireRole(c.get("grant"), "admin");
  await next();
});

/**
 * Secrets are never stored, so an Idempotency-Key replay answers with the token it created but without its
 * secret (and creates nothing): only the first response shows it.
 */
tokens.endpoint(
  {
    method: "post",
    path: TOKENS,
    operationId: "createToken",
    summary: "Create an API token (its secret is shown only in this answer)",
    tag: "Tokens",
    role: "admin",
    body: { schema: "TokenInput" },
    ok: {
      status: 201,
      description: "The token with its secret in `token`; store it now, Ferry keeps only its hash.",
      schema: "TokenCreated",
      headers: ["Location"],
    },
    problems: [400, 401, 403, 413, 415, 422],
  },
  async (c, { body }) => {
    const grant = c.get("grant");
    const { input, request } = await readCreateRequest(c, body);
    let issued: { view: TokenOutput; secret: string } | undefined;
    let committed = false;
    const response = await commitIdempotently(
      c.env.DB,
      request,
      async () => {
        const { token, secret, statements } = await prepareIssueToken(c.env.DB, grant, input, Date.now());
        issued = { view: toTokenView(token), secret };
        const headers = { ...SECRET_JSON_HEADERS, location: `/v1/tokens/${token.id}` };
        return { statements, response: { status: 201, headers, body: JSON.stringify(issued.view) } };
      },
      () => {
        committed = true;
      },
    );
    if (!committed || !issued) return response;
    return c.json({ ...issued.view, token: issued.secret }, 201, Object.fromEntries(response.headers));
  },
);

tokens.endpoint(
  {
    method: "get",
    path: TOKENS,
    operationId: "listTokens",
    summary: "List tokens, newest first, revoked and expired ones included",
    tag: "Tokens",
    role: "admin",
    query: ListQuery,
    ok: {
      status: 200,
      description: "One page of tokens, never their secrets.",
      schema: "TokenList",
      headers: ["Link"],
    },
    problems: [400, 401, 403],
  },
  async (c, { query }) => {
    const grant = c.get("grant");
    const { limit, beforeRowId } = pageRequest(query());
    const page = await readPage(
      limit,
      (rows) => listTokens(c.env.DB, { actor: grant, beforeRowId, limit: rows }),
      rowIdCursor,
    );
    linkNextPage(c, page.nextCursor);
    return c.json({ items: page.items.map(toTokenView), next_cursor: page.nextCursor });
  },
);

tokens.endpoint(
  {
    method: "get",
    path: TOKEN,
    operationId: "getToken",
    summary: "Fetch one token",
    tag: "Tokens",
    role: "admin",
    params: TOKEN_ID,
    ok: { status: 200, description: "The token, without its secret.", schema: "TokenOutput" },
    problems: [400, 401, 403, 404],
  },
  async (c, { param }) =>
    c.json(toTokenView(await findManagedToken(c.env.DB, c.get("grant"), param("token_id")))),
);

/** Revoking is final and idempotent; a token may not revoke itself (see README: Tokens). */
tokens.endpoint(
  {
    method: "delete",
    path: TOKEN,
    operationId: "revokeToken",
    summary: "Revoke a token at once (revoking it again is a no-op; a token cannot revoke itself)",
    tag: "Tokens",
    role: "admin",
    params: TOKEN_ID,
    ok: { status: 204, description: "The token is revoked: its next request is refused with 401." },
    problems: [400, 401, 403, 404, 409],
  },
  async (c, { param }) => {
    const grant = c.get("grant");
    const token = await findManagedToken(c.env.DB, grant, param("token_id"));
    await revokeManagedToken(c.env.DB, grant, token, Date.now());
    return c.body(null, 204);
  },
);

tokens.endpoint(
  {
    method: "post",
    path: `${TOKEN}/rotate`,
    operationId: "rotateToken",
    summary: "Give a token a new secret; the old one stops working at once",
    tag: "Tokens",
    role: "admin",
    params: TOKEN_ID,
    noIdempotencyKey: true,
    ok: { status: 200, description: "The token with its new secret in `token`.", schema: "TokenCreated" },
    problems: [400, 401, 403, 404, 409],
  },
  async (c, { param }) => {
    const token = await findManagedToken(c.env.DB, c.get("grant"), param("token_id"));
    const secret = await rotateTokenSecret(c.env.DB, token, Date.now());
    return c.json({ ...toTokenView(token), token: secret }, 200, SECRET_JSON_HEADERS);
  },
);

export const tokensApi = tokens.routes();
export const TOKEN_ENDPOINTS = tokens.endpoints;
