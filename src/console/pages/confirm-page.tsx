import type { Child } from "hono/jsx";
import type { Feed } from "../../domain/feed";
import { FeedHead } from "../components/feed-nav";
import { CsrfField } from "../components/form-field";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";

/** Asks before something that cannot be undone: what happens, one button that does it, and a way out. */
export function ConfirmPage(props: {
  state: PageState;
  feed?: Feed;
  heading: string;
  action: string;
  confirmLabel: string;
  cancel: { href: string; label: string };
  csrfToken: string;
  children?: Child;
}) {
  return (
    <Layout state={props.state} title={props.heading}>
      {props.feed ? <FeedHead state={props.state} feed={props.feed} /> : null}
      <p>
        <a href={props.cancel.href}>← {props.cancel.label}</a>
      </p>
      <h1>{props.heading}</h1>
      <div class="card">
        {props.children}
        <form method="post" action={props.action} class="actions">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="danger">
            {props.confirmLabel}
          </button>
          <a href={props.cancel.href}>Cancel</a>
        </form>
      </div>
    </Layout>
  );
}
