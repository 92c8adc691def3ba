import { ErrorSummary, Field } from "../components/form-field";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import type { FormErrors } from "../forms/form-errors";
import { consolePaths } from "../paths";

export function SignInPage(props: {
  state: PageState;
  next: string | null;
  errors: FormErrors;
  notice: string | null;
}) {
  return (
    <Layout state={props.state} title="Sign in" notice={props.notice}>
      <div class="sign-in card">
        <h1>Sign in</h1>
        <p>
          Sign in with a Ferry API token. The console can do what the token can: a read token sees, a write
          token also publishes, an admin token also manages feeds.
        </p>
        <ErrorSummary
          errors={props.errors}
          labels={{ token: "API token" }}
          heading="Ferry could not sign you in"
        />
        <form class="stack" method="post" action={consolePaths.signIn}>
          {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
          <Field
            name="token"
            label="API token"
            control="password"
            value=""
            required
            autocomplete="current-password"
            hint="It starts with fry_. Locally, npm start prints one."
            errors={props.errors}
          />
          <div class="actions">
            <button type="submit">Sign in</button>
          </div>
        </form>
      </div>
    </Layout>
  );
}
