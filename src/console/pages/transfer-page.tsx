import type { ImportResult } from "../../domain/api-schemas";
import type { Feed } from "../../domain/feed";
import { MAX_REPORTED_ITEMS } from "../../import/import-summary";
import { FeedHead } from "../components/feed-nav";
import { CsrfField, ErrorSummary } from "../components/form-field";
import { Layout } from "../components/layout";
import type { PageState } from "../console-env";
import type { FormErrors } from "../forms/form-errors";
import { consolePaths } from "../paths";

const FORMAT_NAMES = { rss: "RSS 2.0", atom: "Atom", json: "JSON Feed" } as const;
/** What a file picker offers: the feed formats, by extension and media type. */
const ACCEPTED_FILES = ".xml,.rss,.atom,.json,application/rss+xml,application/atom+xml,application/feed+json";

export interface TransferPageProps {
  state: PageState;
  feed: Feed;
  canWrite: boolean;
  csrfToken: string;
  idempotencyKey: string;
  errors: FormErrors;
  limits: { bytes: number; items: number };
  result: ImportResult | null;
}

/** Moving onto Ferry and off it: upload a feed file and see what became of each item; download the whole feed. */
export function TransferPage(props: TransferPageProps) {
  const { feed } = props;
  return (
    <Layout state={props.state} title={`Import and export · ${feed.title}`}>
      <FeedHead state={props.state} feed={feed} />
      <h1>Import and export</h1>
      {props.result ? <ImportReport result={props.result} slug={feed.slug} /> : null}
      {props.canWrite ? <ImportForm {...props} /> : null}
      <section aria-labelledby="export-title">
        <h2 id="export-title">Export</h2>
        <p>
          Every live article of the feed, scheduled ones included, as one JSON Feed 1.1 file: each item keeps
          its GUID, so importing it into another Ferry feed recreates the same articles.
        </p>
        <p>
          <a class="button secondary" href={consolePaths.export(feed.slug)} download={`${feed.slug}.json`}>
            Download {feed.slug}.json
          </a>
        </p>
      </section>
    </Layout>
  );
}

function ImportForm(props: TransferPageProps) {
  const errors = props.errors.byField.get("file") ?? [];
  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <p>
        An RSS 2.0, Atom or JSON Feed file of at most {Math.round(props.limits.bytes / 1024 / 1024)} MiB and{" "}
        {props.limits.items} items. Ferry adds the items the feed does not have yet, keeping their GUIDs and
        dates; items it already has are skipped, never changed. An import sends no webhooks.
      </p>
      <ErrorSummary
        errors={props.errors}
        labels={{ file: "Feed file" }}
        heading="Ferry could not import this"
      />
      <form
        class="stack"
        method="post"
        action={consolePaths.transfer(props.feed.slug)}
        enctype="multipart/form-data"
      >
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="idempotency_key" value={props.idempotencyKey} />
        <div class="field">
          <label for="f-file">Feed file</label>
          {errors.length > 0 ? (
            <p class="field-error" id="f-file-error">
              {errors.join(" ")}
            </p>
          ) : null}
          <input
            type="file"
            id="f-file"
            name="file"
            accept={ACCEPTED_FILES}
            required
            aria-invalid={errors.length > 0 ? "true" : undefined}
            aria-describedby={errors.length > 0 ? "f-file-error" : undefined}
          />
        </div>
        <div class="actions">
          <button type="submit">Import</button>
        </div>
      </form>
    </section>
  );
}

function ImportReport(props: { result: ImportResult; slug: string }) {
  const { result } = props;
  return (
    <section class="card import-report" aria-labelledby="report-title">
      <h2 id="report-title">Imported from {FORMAT_NAMES[result.format]}</h2>
      <p role="status">
        {result.created} created, {result.skipped} skipped, {result.rejected} rejected.
        {result.truncated
          ? ` Only the first ${MAX_REPORTED_ITEMS} items are listed, rejected ones first.`
          : ""}
      </p>
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Outcome</th>
            <th scope="col">Title</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {result.items.map((item) => (
            <tr>
              <td class="num" data-label="Item">
                {item.index}
              </td>
              <td data-label="Outcome">
                <span
                  class={`badge ${item.status === "created" ? "succeeded" : item.status === "skipped" ? "cancelled" : "dead"}`}
                >
                  {item.status}
                </span>
              </td>
              <td data-label="Title">
                {item.id && item.status === "created" ? (
                  <a href={consolePaths.article(props.slug, item.id)}>{item.title ?? item.guid}</a>
                ) : (
                  (item.title ?? <span class="muted">(no title)</span>)
                )}
                <br />
                <code class="muted small">{item.guid}</code>
              </td>
              <td data-label="Why">
                {item.detail ?? null}
                {item.errors ? (
                  <ul class="plain">
                    {item.errors.map((error) => (
                      <li>
                        <code>{error.pointer}</code>: {error.detail}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
