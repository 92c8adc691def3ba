import * as v from "valibot";
import { FerryError, type InvalidParameter } from "../domain/problems";
import {
  describeIssues,
  type InvalidValue,
  notAnObject,
  toInvalidField,
} from "../domain/validation-messages";

type Checked<S extends v.GenericSchema> = { output: v.InferOutput<S> } | { invalid: InvalidValue[] };

function check<S extends v.GenericSchema>(schema: S, input: unknown): Checked<S> {
  const wrong = notAnObject(schema, input);
  if (wrong) return { invalid: [wrong] };
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  return result.success ? { output: result.output } : { invalid: describeIssues(schema, result.issues) };
}

/** Validates a body (JSON, or the hub's form read as an object) or throws a problem naming every invalid member. */
export function parseOrThrow<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  code: "validation_failed" | "bad_request" = "validation_failed",
): v.InferOutput<S> {
  const checked = check(schema, input);
  if ("output" in checked) return checked.output;
  const errors = checked.invalid.map(toInvalidField);
  const where = `members of the body are invalid: ${errors.map((e) => e.pointer).join(", ")}`;
  throw new FerryError(code, summary(checked.invalid, where), { errors });
}

/**
 * Validates the path or query parameters of a request, given as an object keyed by parameter name, or
 * throws a 400 naming each invalid parameter (never a body pointer).
 */
export function parseParametersOrThrow<S extends v.GenericSchema>(
  schema: S,
  input: Record<string, string>,
  location: "path" | "query",
): v.InferOutput<S> {
  const checked = check(schema, input);
  if ("output" in checked) return checked.output;
  const parameters: InvalidParameter[] = checked.invalid.map(({ path, detail }) => ({
    parameter: path[0] ?? "",
    in: location,
    detail,
  }));
  const where = `${location} parameters are invalid: ${parameters.map((p) => p.parameter).join(", ")}`;
  throw new FerryError("bad_request", summary(checked.invalid, where), { parameters });
}

/** One path parameter checked against `schema`, e.g. an id that must be a UUID. */
export function parsePathParameter<S extends v.GenericSchema>(
  name: string,
  schema: S,
  raw: string,
): v.InferOutput<S> {
  return parseParametersOrThrow(v.object({ [name]: schema }), { [name]: raw }, "path")[name];
}

/** The problem's `detail`: the one sentence when one thing is wrong, else how many and where. */
function summary(invalid: readonly InvalidValue[], many: string): string {
  return invalid.length === 1 && invalid[0] ? invalid[0].detail : `${invalid.length} ${many}.`;
}
