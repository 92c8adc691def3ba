import type { DeliveryLogStatus } from "../../db/delivery-log";
import { DELIVERY_LOG_STATUSES, type DeliveryOutput } from "../../domain/delivery-schemas";
import { formatDuration, formatUtc, formatUtcSeconds } from "../format";
import { NO_ERRORS } from "../forms/form-errors";
import { CsrfField, Field } from "./form-field";

const STATUS_LABELS: Readonly<Record<DeliveryLogStatus, string>> = {
  pending: "Pending",
  waiting: "Waiting",
  succeeded: "Succeeded",
  dead: "Dead",
  cancelled: "Cancelled",
};

const STATUS_HINTS: Readonly<Record<DeliveryLogStatus, string>> = {
  pending: "Its next attempt is due at the time shown.",
  waiting: "Pending behind an older delivery of this FIFO endpoint.",
  succeeded: "The endpoint answered 2xx.",
  dead: "Every attempt failed; Ferry gave up.",
  cancelled: "Its target went away.",
};

/** What may be sent again by hand: anything finished (a pending one is retried by itself). */
const REDELIVERABLE: ReadonlySet<string> = new Set(["succeeded", "dead", "cancelled"]);

export const STATUS_FILTER_OPTIONS = [
  { value: "", label: "Every status" },
  ...DELIVERY_LOG_STATUSES.map((status) => ({
    value: status,
    label: status === "pending" ? "Pending (waiting included)" : STATUS_LABELS[status],
  })),
];

export interface DeliveryLogProps {
  deliveries: readonly DeliveryOutput[];
  /** The page the filter and the pager link to. */
  base: string;
  status: DeliveryLogStatus | null;
  nextCursor: string | null;
  isFirstPage: boolean;
  /** Where a delivery's Redeliver button posts, when the token may write; null hides it. */
  redeliver: ((deliveryId: string) => string) | null;
  csrfToken: string;
  emptyText: string;
  heading?: string;
}

/** A target's deliveries, newest first, filtered by status, each with its attempts and their answers. */
export function DeliveryLog(props: DeliveryLogProps) {
  const statusPart = props.status ? `status=${props.status}&` : "";
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">{props.heading ?? "Delivery log"}</h2>
      <form class="search" method="get" action={props.base}>
        <Field
          name="status"
          label="Status"
          control="select"
          value={props.status ?? ""}
          options={STATUS_FILTER_OPTIONS}
          errors={NO_ERRORS}
          markOptional={false}
        />
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      {props.deliveries.length === 0 ? (
        <p>
          {props.status ? `No ${STATUS_LABELS[props.status].toLowerCase()} deliveries.` : props.emptyText}
        </p>
      ) : (
        <ol class="deliveries">
          {props.deliveries.map((delivery) => (
            <DeliveryItem delivery={delivery} {...props} />
          ))}
        </ol>
      )}
      <nav class="pager" aria-label="Delivery log pages">
        {props.isFirstPage ? null : (
          <a href={props.status ? `${props.base}?status=${props.status}` : props.base}>Newest</a>
        )}
        {props.nextCursor ? (
          <a href={`${props.base}?${statusPart}cursor=${props.nextCursor}`}>Older deliveries</a>
        ) : null}
      </nav>
    </section>
  );
}

function DeliveryItem(props: DeliveryLogProps & { delivery: DeliveryOutput }) {
  const { delivery } = props;
  const status = delivery.status as DeliveryLogStatus;
  const last = delivery.attempt_log.at(-1);
  return (
    <li class="delivery card" id={delivery.id}>
      <div class="delivery-head">
        <span class={`badge ${status}`} title={STATUS_HINTS[status]}>
          {STATUS_LABELS[status]}
        </span>
        <code>{delivery.event_type}</code>
        <span class="muted">
          <time datetime={delivery.created_at}>{formatUtc(Date.parse(delivery.created_at))}</time>
        </span>
        <span class="muted">
          {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
          {last
            ? `, last answered ${last.response_status ?? "nothing"} in ${formatDuration(last.duration_ms)}`
            : ""}
        </span>
        {props.redeliver && REDELIVERABLE.has(status) ? (
          <form method="post" action={props.redeliver(delivery.id)}>
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="secondary" aria-label={`Redeliver ${delivery.id}`}>
              Redeliver
            </button>
          </form>
        ) : null}
      </div>
      <p class="muted small">
        Delivery <code>{delivery.id}</code> of event <code>{delivery.event_id}</code>
        {delivery.next_attempt_at ? (
          <>
            {" "}
            · next attempt{" "}
            <time datetime={delivery.next_attempt_at}>{formatUtc(Date.parse(delivery.next_attempt_at))}</time>
          </>
        ) : null}
      </p>
      {delivery.last_error ? <p class="field-error">{delivery.last_error}</p> : null}
      {delivery.attempt_log.length > 0 ? (
        <details>
          <summary>Attempts and answers</summary>
          <table class="cards attempts">
            <thead>
              <tr>
                <th scope="col">Attempt</th>
                <th scope="col">At</th>
                <th scope="col">Answer</th>
                <th scope="col">Took</th>
                <th scope="col">Response or error</th>
              </tr>
            </thead>
            <tbody>
              {delivery.attempt_log.map((attempt) => (
                <tr>
                  <td class="num" data-label="Attempt">
                    {attempt.attempt}
                  </td>
                  <td data-label="At">
                    <time datetime={attempt.at}>{formatUtcSeconds(Date.parse(attempt.at))}</time>
                  </td>
                  <td class="num" data-label="Answer">
                    {attempt.response_status ?? "none"}
                  </td>
                  <td class="num" data-label="Took">
                    {formatDuration(attempt.duration_ms)}
                  </td>
                  <td data-label="Response or error">
                    {attempt.error ? <p class="field-error">{attempt.error}</p> : null}
                    {attempt.response_excerpt ? (
                      <pre>
                        <code>{attempt.response_excerpt}</code>
                      </pre>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </li>
  );
}
