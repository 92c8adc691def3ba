import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import * as v from "valibot";
import { listTokens } from "../../db/token-management";
import { pageRequest, readPage, rowIdCursor } from "../../domain/paging";
import { TokenInput } from "../../domain/token-input";
import { toTokenView } from "../../domain/token-view";
import type { ApiToken } from "../../domain/tokens";
import { requireRole } from "../../http/auth";
import { commitIdempotently } from "../../http/idempotency";
import { parseOrThrow, parseParametersOrThrow } from "../../http/validate";
import { prepareIssueToken, rotateTokenSecret } from "../../services/api-tokens";
import { assertMayRevoke, findManagedToken, revokeManagedToken } from "../../services/managed-tokens";
import { SECRET_JSON_HEADERS } from "../../services/write-plan";
import { type ConsoleContext, type ConsoleHono, csrfToken, pageState, postedForm } from "../console-env";
import { type FormErrors, formErrorsFrom, isFormProblem, NO_ERRORS } from "../forms/form-errors";
import { formIdempotencyKey, newFormIdempotencyKey } from "../forms/idempotency-key";
import {
  EMPTY_TOKEN_VALUES,
  TOKEN_FORM_FIELDS,
  type TokenFormValues,
  tokenBodyFromValues,
  tokenValuesFromForm,
} from "../forms/token-form";
import { noticeText } from "../notices";
import { ConfirmPage } from "../pages/confirm-page";
import { SecretPage } from "../pages/secret-page";
import { TokenFormPage } from "../pages/token-form-page";
import { TokensPage } from "../pages/tokens-page";
import { consolePaths, withNotice } from "../paths";

/** Tokens per page of the list. */
export const TOKEN_PAGE_SIZE = 50;

/** Token management, for admin tokens only, exactly as `/v1/tokens`: a scoped admin manages only its feeds' tokens. */
export const tokenRoutes = new Hono<ConsoleHono>();

const requireAdmin = createMiddleware<ConsoleHono>(async (c, next) => {
  requireRole(c.get("grant"), "admin");
  await next();
});
tokenRoutes.use("/tokens", requireAdmin);
tokenRoutes.use("/tokens/*", requireAdmin);

const TokenListQuery = v.object({
  cursor: v.optional(v.pipe(v.string(), v.maxLength(64))),
  notice: v.optional(v.pipe(v.string(), v.maxLength(64))),
});

tokenRoutes.get("/tokens", async (c) => {
  const grant = c.get("grant");
  const query = parseParametersOrThrow(TokenListQuery, c.req.query(), "query");
  const { beforeRowId } = pageRequest(query);
  const page = await readPage(
    TOKEN_PAGE_SIZE,
    (rows) => listTokens(c.env.DB, { actor: grant, beforeRowId, limit: rows }),
    rowIdCursor,
  );
  return c.html(
    <TokensPage
      state={pageState(c)}
      tokens={page.items}
      selfId={grant.publicId}
      nextCursor={page.nextCursor}
      isFirstPage={beforeRowId === null}
      nowMs={Date.now()}
      notice={noticeText(query.notice)}
    />,
  );
});

function tokenForm(c: ConsoleContext, values: TokenFormValues, errors: FormErrors, idempotencyKey: string) {
  return c.html(
    <TokenFormPage
      state={pageState(c)}
      csrfToken={csrfToken(c)}
      values={values}
      errors={errors}
      idempotencyKey={idempotencyKey}
      scoped={!c.get("grant").allFeeds}
    />,
    errors.status,
  );
}

function tokenSecretPage(c: ConsoleContext, token: ApiToken, secret: string, heading: string, self: boolean) {
  return c.html(
    <SecretPage
      state={pageState(c)}
      heading={heading}
      label="the token"
      secret={secret}
      next={{ href: consolePaths.tokens, label: "Back to the tokens" }}
    >
      <p>
        <strong>{token.label}</strong> ({token.role}, {token.feeds ? token.feeds.join(", ") : "every feed"}):
        send it as <code>Authorization: Bearer …</code>, or sign in to the console with it. Ferry keeps only
        its hash.
      </p>
      {self ? (
        <p class="field-error">
          This is the token this session signed in with, so the session has ended: sign in again with the new
          secret.
        </p>
      ) : null}
    </SecretPage>,
  );
}

tokenRoutes.get("/tokens/new", (c) => tokenForm(c, EMPTY_TOKEN_VALUES, NO_ERRORS, newFormIdempotencyKey()));

tokenRoutes.post("/tokens", async (c) => {
  const grant = c.get("grant");
  const form = postedForm(c);
  const values = tokenValuesFromForm(form);
  const key = formIdempotencyKey(form) ?? newFormIdempotencyKey();
  try {
    const body = tokenBodyFromValues(values);
    const input = parseOrThrow(TokenInput, body);
    let issued: { token: ApiToken; secret: string } | undefined;
    let committed = false;
    // The API's create: a form sent twice creates one token, and (as the secret is never stored) shows it once.
    const request = {
      tokenRowId: grant.tokenRowId,
      key,
      method: "POST",
      path: "/v1/tokens",
      body: JSON.stringify(body),
    };
    await commitIdempotently(
      c.env.DB,
      request,
      async () => {
        const { token, secret, statements } = await prepareIssueToken(c.env.DB, grant, input, Date.now());
        issued = { token, secret };
        const headers = { ...SECRET_JSON_HEADERS, location: `/v1/tokens/${token.id}` };
        return { statements, response: { status: 201, headers, body: JSON.stringify(toTokenView(token)) } };
      },
      () => {
        committed = true;
      },
    );
    if (!committed || !issued)
      return c.redirect(withNotice(consolePaths.tokens, "token-created-before"), 303);
    return tokenSecretPage(c, issued.token, issued.secret, "The token is created", false);
  } catch (error) {
    if (!isFormProblem(error)) throw error;
    return tokenForm(c, values, formErrorsFrom(error, TOKEN_FORM_FIELDS), key);
  }
});

const tokenOf = (c: ConsoleContext) => findManagedToken(c.env.DB, c.get("grant"), c.req.param("token") ?? "");

tokenRoutes.get("/tokens/:token/rotate", async (c) => {
  const token = await tokenOf(c);
  const self = token.id === c.get("grant").publicId;
  return c.html(
    <ConfirmPage
      state={pageState(c)}
      heading={`Rotate ${token.label}?`}
      action={consolePaths.tokenAction(token.id, "rotate")}
      confirmLabel="Rotate the token"
      cancel={{ href: consolePaths.tokens, label: "Back to the tokens" }}
      csrfToken={csrfToken(c)}
    >
      <p>
        It gets a new secret, shown once on the next page; the old one stops working at once, and every
        console session signed in with it ends.
      </p>
      {self ? (
        <p class="field-error">This is the token you are signed in with: you will be signed out.</p>
      ) : null}
    </ConfirmPage>,
  );
});

tokenRoutes.post("/tokens/:token/rotate", async (c) => {
  const token = await tokenOf(c);
  const secret = await rotateTokenSecret(c.env.DB, token, Date.now());
  const self = token.id === c.get("grant").publicId;
  return tokenSecretPage(c, token, secret, "The token has a new secret", self);
});

tokenRoutes.get("/tokens/:token/revoke", async (c) => {
  const token = await tokenOf(c);
  assertMayRevoke(c.get("grant"), token);
  return c.html(
    <ConfirmPage
      state={pageState(c)}
      heading={`Revoke ${token.label}?`}
      action={consolePaths.tokenAction(token.id, "revoke")}
      confirmLabel="Revoke the token"
      cancel={{ href: consolePaths.tokens, label: "Back to the tokens" }}
      csrfToken={csrfToken(c)}
    >
      <p>
        Its next request is refused and its console sessions end. Revoking is final: a revoked token stays
        listed but never works again.
      </p>
    </ConfirmPage>,
  );
});

tokenRoutes.post("/tokens/:token/revoke", async (c) => {
  await revokeManagedToken(c.env.DB, c.get("grant"), await tokenOf(c), Date.now());
  return c.redirect(withNotice(consolePaths.tokens, "token-revoked"), 303);
});
