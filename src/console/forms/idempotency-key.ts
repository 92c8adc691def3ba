import { newUuid } from "../../domain/uuid";

/** What a form's key looks like: Ferry makes it when it renders a form that creates something. */
const FORM_KEY = /^console-[0-9a-f-]{36}$/;

/**
 * The `Idempotency-Key` a creating form carries, rendered with it: sending the form twice (a double click, a retry
 * after a lost answer) replays the first result instead of creating twice, exactly as the header does for the API.
 */
export function newFormIdempotencyKey(): string {
  return `console-${newUuid()}`;
}

/** The form's key, or null when it has none of Ferry's making (the write then simply has no key). */
export function formIdempotencyKey(form: URLSearchParams): string | null {
  const key = form.get("idempotency_key");
  return key !== null && FORM_KEY.test(key) ? key : null;
}
