import * as v from "valibot";
import { FerryError, type InvalidField } from "./problem";

/** Turns valibot issues into JSON Pointers (RFC 6901) under `prefix` (`""` for the body, `/query` …). */
export function issuesToFields(issues: readonly v.BaseIssue<unknown>[], prefix = ""): InvalidField[] {
  return issues.map((issue) => {
    const path = (issue.path ?? []).map((item) => String(item.key).replace(/~/g, "~0").replace(/\//g, "~1"));
    return { pointer: `${prefix}/${path.join("/")}`.replace(/\/$/, "") || "/", detail: issue.message };
  });
}

/** Validates `input` against `schema` or throws a 422 problem naming every invalid field. */
export function parseOrThrow<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  prefix = "",
  code: "validation_failed" | "bad_request" = "validation_failed",
): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  const errors = issuesToFields(result.issues, prefix);
  const where = errors.map((e) => e.pointer).join(", ");
  throw new FerryError(code, `Invalid ${prefix ? prefix.slice(1) : "body"}: ${where}.`, { errors });
}
