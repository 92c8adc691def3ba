import type { Child } from "hono/jsx";
import type { Feed } from "../../domain/feed";
import { FeedHead } from "../components/feed-nav";
import { CopyButton, Layout } from "../components/layout";
import type { PageState } from "../console-env";

/**
 * A secret Ferry has just made (a webhook's signing secret, an API token), shown this once: Ferry keeps it sealed
 * or only as a hash, and the page is never cached.
 */
export function SecretPage(props: {
  state: PageState;
  feed?: Feed;
  heading: string;
  /** What the secret is, for the copy button: "the signing secret". */
  label: string;
  secret: string;
  next: { href: string; label: string };
  children?: Child;
}) {
  return (
    <Layout state={props.state} title={props.heading}>
      {props.feed ? <FeedHead state={props.state} feed={props.feed} /> : null}
      <h1>{props.heading}</h1>
      <section class="card secret" aria-labelledby="secret-title">
        <h2 id="secret-title">Copy it now: it is shown only this once</h2>
        {props.children}
        <div class="secret-row">
          <code id="secret-value">{props.secret}</code>
          <CopyButton text={props.secret} label={props.label} />
        </div>
      </section>
      <p>
        <a class="button" href={props.next.href}>
          {props.next.label}
        </a>
      </p>
    </Layout>
  );
}
