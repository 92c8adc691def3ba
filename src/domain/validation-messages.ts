import type * as v from "valibot";
import type { InvalidField } from "./problems";
import {
  allowedValues,
  asNode,
  describeSchema,
  expectsObject,
  formatCount,
  plural,
  type SchemaNode,
  schemaAt,
} from "./schema-description";

/** One invalid value: where it is (member names and array indexes from the root) and why, in a sentence. */
export interface InvalidValue {
  path: string[];
  detail: string;
}

type Issue = v.BaseIssue<unknown>;

const LENGTH_ISSUES = new Set(["min_length", "max_length", "length"]);
const VALUE_ISSUES = new Set(["min_value", "max_value", "value", "integer"]);
const UNNAMED_CHECKS = new Set(["check", "raw_check", "custom", "partial_check"]);

/** An invalid value at its RFC 6901 body pointer: `~` and `/` escaped; no keys is `""`, the whole body. */
export function toInvalidField({ path, detail }: InvalidValue): InvalidField {
  return { pointer: path.map((key) => `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`).join(""), detail };
}

/** Valibot issues against `schema` as body pointers, each with a sentence naming the field and what it takes. */
export function issuesToFields(
  schema: v.GenericSchema,
  issues: readonly v.BaseIssue<unknown>[],
): InvalidField[] {
  return describeIssues(schema, issues).map(toInvalidField);
}

/**
 * The body's own problem when `schema` takes a JSON object and `input` is none: valibot would read an
 * array as an object without members and report each one as missing.
 */
export function notAnObject(schema: v.GenericSchema, input: unknown): InvalidValue | null {
  return expectsObject(asNode(schema)) && !isPlainObject(input) ? notAnObjectAt([], input) : null;
}

/** Every issue as a sentence that names the field and says what it must be; repeats are said once. */
export function describeIssues(schema: v.GenericSchema, issues: readonly Issue[]): InvalidValue[] {
  const said = new Map<string, InvalidValue>();
  for (const issue of issues) {
    const value = describeIssue(schema, issue);
    said.set(`${value.path.join("/")}\n${value.detail}`, value);
  }
  return [...said.values()];
}

function describeIssue(schema: v.GenericSchema, issue: Issue): InvalidValue {
  const path = issue.path ?? [];
  const keys = path.map((item) => String(item.key));
  const parent = path.at(-1);
  if (parent?.type === "object" && !isPlainObject(parent.input))
    return notAnObjectAt(keys.slice(0, -1), parent.input);
  const expected = schemaAt(schema, path);
  const given = issue.input !== undefined && !isPlainObject(issue.input);
  if (issue.kind === "schema" && given && expected && expectsObject(expected))
    return notAnObjectAt(keys, issue.input);
  return { path: keys, detail: sentence(issue, keys, expected) };
}

function sentence(issue: Issue, keys: readonly string[], expected: SchemaNode | undefined): string {
  const name = fieldName(keys);
  if (!hasDefaultMessage(issue)) return ownMessage(keys, issue.message);
  const what = expected ? describeSchema(expected) : (issue.expected ?? "something else");
  const parent = issue.path?.at(-1)?.input;
  if (issue.kind === "schema") {
    if (issue.expected === "never") return `${name} is not a member this request takes.`;
    if (isPlainObject(parent) && !Object.hasOwn(parent, keys.at(-1) ?? ""))
      return `${name} is required: ${what}.`;
    // A value of the right type but not in the set: the list of allowed values says it all.
    const allowed = expected ? allowedValues(expected) : null;
    if (allowed?.some((value) => typeof value === typeof issue.input)) return `${name} must be ${what}.`;
    return `${name} must be ${what}, not ${kindOf(issue.input)}.`;
  }
  if (LENGTH_ISSUES.has(issue.type)) {
    const length = Number(issue.received);
    const unit = plural(length, typeof issue.input === "string" ? "character" : "item");
    return `${name} must be ${what}; it has ${formatCount(length)} ${unit}.`;
  }
  if (VALUE_ISSUES.has(issue.type)) {
    const value = typeof issue.input === "number" ? formatCount(issue.input) : issue.received;
    return `${name} must be ${what}; it is ${value}.`;
  }
  if (UNNAMED_CHECKS.has(issue.type)) return `${name} is not valid.`;
  return `${name} must be ${what}.`;
}

/** valibot's own wording ("Invalid type: Expected string but received 5") rather than one the schema gives. */
function hasDefaultMessage(issue: Issue): boolean {
  const tail = issue.expected
    ? `Expected ${issue.expected} but received ${issue.received}`
    : `Received ${issue.received}`;
  return issue.message.startsWith("Invalid ") && issue.message.endsWith(`: ${tail}`);
}

/** A schema's own message, kept as written but made to name the field it is about. */
function ownMessage(keys: readonly string[], message: string): string {
  const leaf = keys.at(-1);
  if (leaf === undefined) return message;
  if (message.startsWith(`${leaf} `)) return `${fieldName(keys)}${message.slice(leaf.length)}`;
  if (message.startsWith("Must ")) return `${fieldName(keys)} must${message.slice("Must".length)}`;
  const lowered = /^[A-Z][a-z]/.test(message) ? message[0]?.toLowerCase() + message.slice(1) : message;
  return `${fieldName(keys)}: ${lowered}`;
}

function notAnObjectAt(keys: string[], input: unknown): InvalidValue {
  const detail =
    keys.length === 0
      ? `The body must be a JSON object; it is ${kindOf(input)}.`
      : `${fieldName(keys)} must be an object, not ${kindOf(input)}.`;
  return { path: keys, detail };
}

function fieldName(keys: readonly string[]): string {
  return keys.length === 0 ? "The body" : `\`${keys.join("/")}\``;
}

/** The JSON type of a value in plain words: "a number", "an array", "null" … */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "object":
      return "an object";
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    default:
      return "nothing";
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
