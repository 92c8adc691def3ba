import type { WebhookOutput } from "../../domain/delivery-schemas";
import { formatUtc } from "../format";

export type HealthState = "disabled" | "paused" | "circuit-open" | "probing" | "failing" | "healthy";

export interface EndpointHealth {
  state: HealthState;
  label: string;
  /** What it means and what happens next, or null when all is well. */
  detail: string | null;
}

const at = (time: string) => formatUtc(Date.parse(time));

/**
 * How an endpoint is doing, the most pressing thing first: disabled by Ferry, paused by its subscriber, its circuit
 * breaker open or probing, failing, or healthy. Said in words (the badge's colour only repeats them).
 */
export function endpointHealth(view: WebhookOutput): EndpointHealth {
  if (view.disabled) {
    return {
      state: "disabled",
      label: "Disabled",
      detail: `Ferry disabled it ${at(view.disabled.at)}: ${view.disabled.reason}. Deliveries wait; resume it to send them.`,
    };
  }
  if (view.paused) {
    return { state: "paused", label: "Paused", detail: "Deliveries wait until it is resumed." };
  }
  const { circuit } = view;
  if (circuit.state === "open") {
    return {
      state: "circuit-open",
      label: "Circuit open",
      detail: `${circuit.consecutive_failures} failed attempts in a row: nothing is sent until ${
        circuit.retry_at ? at(circuit.retry_at) : "the cool-down ends"
      }, then one probe attempt.`,
    };
  }
  if (circuit.state === "half_open") {
    return {
      state: "probing",
      label: "Probing",
      detail: "The cool-down is over: the next attempt is a probe that closes the circuit or opens it again.",
    };
  }
  if (view.failing_since) {
    return {
      state: "failing",
      label: "Failing",
      detail: `Attempts have failed since ${at(view.failing_since)}.`,
    };
  }
  return { state: "healthy", label: "Healthy", detail: null };
}

export function HealthBadge(props: { health: EndpointHealth }) {
  return (
    <span class={`badge ${props.health.state}`} title={props.health.detail ?? undefined}>
      {props.health.label}
    </span>
  );
}
