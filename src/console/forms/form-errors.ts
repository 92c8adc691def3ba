import type { ContentfulStatusCode } from "hono/utils/http-status";
import { FerryError, type ProblemCode, statusOf } from "../../domain/problems";

/** What a refused form shows: each error next to the field its JSON Pointer names, the rest above the form. */
export interface FormErrors {
  byField: ReadonlyMap<string, readonly string[]>;
  general: readonly string[];
  /** The status the form is answered with again (422, 413, 409…), as the API would answer. */
  status: ContentfulStatusCode;
}

export const NO_ERRORS: FormErrors = { byField: new Map(), general: [], status: 200 };

/**
 * Problems a form answers by showing itself again with what was typed: everything the API answers about a body.
 * Any other problem (no such feed, not allowed) is a page of its own.
 */
const FORM_PROBLEMS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  "validation_failed",
  "payload_too_large",
  "conflict",
  "idempotency_key_reused",
  "precondition_failed",
]);

export function isFormProblem(error: unknown): error is FerryError {
  return error instanceof FerryError && FORM_PROBLEMS.has(error.code);
}

/** The member a JSON Pointer starts with (`/tags/3` → `tags`), or null for the whole body. */
export function pointerMember(pointer: string): string | null {
  if (!pointer.startsWith("/")) return null;
  const [first = ""] = pointer.slice(1).split("/");
  return first.replaceAll("~1", "/").replaceAll("~0", "~");
}

/**
 * Sorts a problem's errors onto the form's fields; an error about a member the form does not show goes on top.
 * `fieldOf` names the field a pointer is about, where a form's fields are not the body's top-level members.
 */
export function formErrorsFrom(
  error: FerryError,
  fields: readonly string[],
  fieldOf: (pointer: string) => string | null = pointerMember,
): FormErrors {
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const { pointer, detail } of error.extras.errors ?? []) {
    const member = fieldOf(pointer);
    if (member !== null && fields.includes(member))
      byField.set(member, [...(byField.get(member) ?? []), detail]);
    else general.push(detail);
  }
  if (byField.size === 0 && general.length === 0) general.push(error.detail);
  return { byField, general, status: statusOf(error.code) as ContentfulStatusCode };
}
