import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { TokenRole } from "../../domain/tokens";
import type { PageState } from "../console-env";
import { isCurrent, NAV_ITEMS, visibleTo } from "../nav";
import { consolePaths } from "../paths";
import { CsrfField } from "./form-field";

interface LayoutProps {
  state: PageState;
  title: string;
  notice?: string | null;
  children?: Child;
}

/** Every console page: the stylesheet and script by their hashed names, the header with navigation and sign-out. */
export function Layout(props: LayoutProps) {
  const { state } = props;
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <meta name="referrer" content="same-origin" />
          <title>{`${props.title} · Ferry console`}</title>
          <link rel="stylesheet" href={state.assets.css} />
          <script src={state.assets.js} nonce={state.nonce} defer />
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="top">
            <a class="brand" href={consolePaths.feeds}>
              Ferry console
            </a>
            {state.session && state.who ? <Navigation path={state.path} role={state.who.role} /> : null}
            {state.session && state.who ? (
              <div class="who">
                <span>
                  {state.who.label} · {state.who.role}
                </span>
                <form method="post" action={consolePaths.signOut}>
                  <CsrfField token={state.session.csrfToken} />
                  <button type="submit" class="link">
                    Sign out
                  </button>
                </form>
              </div>
            ) : null}
          </header>
          <main id="main">
            {props.notice ? (
              <p class="notice" role="status">
                {props.notice}
              </p>
            ) : null}
            <p id="copy-status" class="visually-hidden" role="status" aria-live="polite" />
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

function Navigation(props: { path: string; role: TokenRole }) {
  return (
    <nav aria-label="Console">
      <ul>
        {visibleTo(NAV_ITEMS, props.role).map((item) => (
          <li>
            <a href={item.href} aria-current={isCurrent(item.section, props.path) ? "page" : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A button that copies `text` once the console script runs; hidden without it, where selecting the text works. */
export function CopyButton(props: { text: string; label: string }) {
  return (
    <button
      type="button"
      class="secondary"
      data-copy={props.text}
      data-copy-label={props.label}
      aria-label={`Copy ${props.label}`}
      hidden
    >
      Copy
    </button>
  );
}
