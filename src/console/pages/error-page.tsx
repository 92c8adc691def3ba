import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import { consolePaths } from "../paths";

/** A problem the console cannot show next to a field: what went wrong, and a way back. */
export function ErrorPage(props: { state: PageState; status: number; title: string; detail: string }) {
  return (
    <Layout state={props.state} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.detail}</p>
      <p class="muted">HTTP {props.status}</p>
      <p>
        {props.state.session ? (
          <a href={consolePaths.feeds}>Back to the feeds</a>
        ) : (
          <a href={consolePaths.signIn}>Sign in</a>
        )}
      </p>
    </Layout>
  );
}
