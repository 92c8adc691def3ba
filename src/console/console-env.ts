import type { Context } from "hono";
import type { TokenRole } from "../domain/tokens";
import type { FerryHono } from "../http/hono-env";
import type { AssetUrls } from "./assets";

/** The signed-in session as pages and forms need it (the grant itself is `grant`, exactly as for the API). */
export interface SessionState {
  sessionHash: string;
  /** Every state-changing form carries it; see csrfTokenFor. */
  csrfToken: string;
}

/**
 * The console's Hono types: the API's (so `authorizeFeed`, `requireRole`, the request log and the memo invalidation
 * work on console requests unchanged) plus what console middleware sets. Those are optional only so that a console
 * context is also an API context; `pageState` reads them where they must be set.
 */
export interface ConsoleHono {
  Bindings: FerryHono["Bindings"];
  Variables: FerryHono["Variables"] & {
    /** This response's CSP nonce. */
    nonce?: string;
    assets?: AssetUrls;
    session?: SessionState;
    /** The body of a POST, read once (bounded) and checked for its CSRF token before any handler runs. */
    form?: URLSearchParams;
    /** The files of an upload form, by field name (none for other forms). */
    files?: ReadonlyMap<string, File>;
  };
}

export type ConsoleContext = Context<ConsoleHono>;

/** What every page rendering needs from the request. */
export interface PageState {
  nonce: string;
  assets: AssetUrls;
  path: string;
  session: SessionState | null;
  /** Label and role of the signed-in token, for the header. */
  who: { label: string; role: TokenRole } | null;
}

export function pageState(c: ConsoleContext): PageState {
  const nonce = c.get("nonce");
  const assets = c.get("assets");
  if (nonce === undefined || assets === undefined) throw new Error("console headers middleware did not run");
  const session = c.get("session") ?? null;
  const grant = session ? c.get("grant") : null;
  return {
    nonce,
    assets,
    path: c.req.path,
    session,
    who: grant ? { label: grant.label, role: grant.role } : null,
  };
}

/** The POST body the CSRF middleware read; a handler reached without it is a wiring bug. */
export function postedForm(c: ConsoleContext): URLSearchParams {
  const form = c.get("form");
  if (!form) throw new Error("console form middleware did not run");
  return form;
}

/** A file the POST's upload form carried in field `name`, if any. */
export function postedFile(c: ConsoleContext, name: string): File | null {
  const files = c.get("files");
  if (!files) throw new Error("console form middleware did not run");
  return files.get(name) ?? null;
}

/** The session's CSRF token, for the forms of a page behind sign-in. */
export function csrfToken(c: ConsoleContext): string {
  const session = c.get("session");
  if (!session) throw new Error("console session middleware did not run");
  return session.csrfToken;
}
