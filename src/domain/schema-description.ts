import * as v from "valibot";

/** What this module reads of a valibot schema or action; every one has `kind` and `type`. */
export interface SchemaNode {
  kind: string;
  type: string;
  message?: unknown;
  requirement?: unknown;
  expects?: string | null;
  pipe?: readonly SchemaNode[];
  wrapped?: SchemaNode;
  entries?: Readonly<Record<string, SchemaNode>>;
  rest?: SchemaNode;
  item?: SchemaNode;
  key?: string;
  options?: readonly unknown[];
  literal?: unknown;
}

const OBJECT_TYPES = new Set(["object", "loose_object", "strict_object", "object_with_rest", "variant"]);
const LENGTH_ACTIONS = new Set(["min_length", "max_length", "length"]);
const VALUE_ACTIONS = new Set(["min_value", "max_value", "value"]);
/** Formats whose default wording names them well enough; others need the schema's own message. */
const FORMAT_NAMES: Readonly<Record<string, string>> = {
  email: "an email address",
  url: "a URL",
  uuid: "a UUID",
  iso_timestamp: "an ISO 8601 timestamp",
  iso_date: "an ISO 8601 date (YYYY-MM-DD)",
  iso_date_time: "an ISO 8601 date-time",
};
/** Actions that decide a string's format; a check or a reading (`raw_transform`) names it in its message. */
const FORMAT_ACTIONS = new Set([...Object.keys(FORMAT_NAMES), "regex", "check", "raw_transform"]);

/** A valibot schema seen through the few members this module reads. */
export function asNode(schema: v.GenericSchema): SchemaNode {
  return schema as unknown as SchemaNode;
}

/** `optional(x)`, `nullish(x)` … are described, and walked, as `x`. */
function unwrap(node: SchemaNode): SchemaNode {
  return node.wrapped ? unwrap(node.wrapped) : node;
}

/** True when `schema` takes a JSON object (an object schema or a variant of them). */
export function expectsObject(schema: SchemaNode): boolean {
  return OBJECT_TYPES.has(unwrap(schema).type);
}

/**
 * The schema of the value at `path` under `root`; `path` items carry the parent value (valibot's issue
 * path), which picks the option of a variant. Undefined if the path leaves the schema.
 */
export function schemaAt(
  root: v.GenericSchema,
  path: readonly { key: unknown; input: unknown }[],
): SchemaNode | undefined {
  let node: SchemaNode | undefined = asNode(root);
  for (const item of path) node = node && memberOf(unwrap(node), item.input, item.key);
  return node;
}

function memberOf(node: SchemaNode, parent: unknown, key: unknown): SchemaNode | undefined {
  if (node.type === "array") return node.item;
  if (node.type !== "variant") return node.entries?.[String(key)] ?? node.rest;
  const options = (node.options ?? []) as SchemaNode[];
  const discriminator = node.key ?? "";
  if (key === discriminator) {
    const values = options.map((o) => o.entries?.[discriminator]?.literal);
    return { kind: "schema", type: "picklist", options: values };
  }
  const given =
    typeof parent === "object" && parent !== null ? Reflect.get(parent, discriminator) : undefined;
  const option = options.find((o) => {
    const tag = o.entries?.[discriminator];
    return tag !== undefined && v.is(tag as unknown as v.GenericSchema, given);
  });
  return option && memberOf(option, parent, key);
}

/** The values a closed set (picklist, enum, literal) allows, or null for any other schema. */
export function allowedValues(schema: SchemaNode): readonly unknown[] | null {
  const node = unwrap(schema);
  if (node.type === "literal") return [node.literal];
  return node.type === "picklist" || node.type === "enum" ? (node.options ?? []) : null;
}

/** Every action of a (possibly nested) pipe, in order, without the schemas it starts from. */
function actionsOf(node: SchemaNode): SchemaNode[] {
  return (node.pipe ?? []).flatMap((step) => (step.kind === "schema" ? actionsOf(step) : [step]));
}

/**
 * What a value must be, as a noun phrase built from the schema itself: "a string of 1 to 1 000
 * characters", "one of read, write, admin", "an RFC 3339 date-time such as …".
 */
export function describeSchema(schema: SchemaNode): string {
  const node = unwrap(schema);
  const actions = actionsOf(node);
  const format = formatPhrase(actions);
  const bounds = boundsPhrase(node.type, actions);
  if (format) return bounds ? `${format} (${bounds.replace(/^of /, "")})` : format;
  return bounds ? `${baseNoun(node, actions)} ${bounds}` : baseNoun(node, actions);
}

function baseNoun(node: SchemaNode, actions: readonly SchemaNode[]): string {
  switch (node.type) {
    case "string":
      return "a string";
    case "number":
      return actions.some((a) => a.type === "integer") ? "a whole number" : "a number";
    case "boolean":
      return "true or false";
    case "null":
      return "null";
    case "array":
      return "an array";
    case "picklist":
    case "enum":
      return `one of ${(node.options ?? []).map(String).join(", ")}`;
    case "literal":
      return String(node.literal);
    case "union":
      return [...new Set((node.options as SchemaNode[]).map(describeSchema))].join(" or ");
    default:
      return OBJECT_TYPES.has(node.type) ? "an object" : (node.expects ?? node.type);
  }
}

/** A format's own message when it is written as "Must be <phrase>.", else the format's usual name. */
function formatPhrase(actions: readonly SchemaNode[]): string | null {
  const action = actions.find((a) => FORMAT_ACTIONS.has(a.type));
  if (!action) return null;
  const own = typeof action.message === "string" ? /^Must be (.+?)\.?$/.exec(action.message) : null;
  if (own?.[1]) return own[1];
  if (action.type === "regex") return `a string matching ${String(action.requirement)}`;
  return FORMAT_NAMES[action.type] ?? null;
}

/** "of 1 to 1 000 characters", "of at most 50 items", "from 1 to 100": the bounds the pipe checks. */
function boundsPhrase(type: string, actions: readonly SchemaNode[]): string | null {
  const lengths = type === "string" || type === "array";
  const kinds = lengths ? LENGTH_ACTIONS : type === "number" ? VALUE_ACTIONS : null;
  if (!kinds) return null;
  let min: number | undefined;
  let max: number | undefined;
  for (const action of actions) {
    if (!kinds.has(action.type) || typeof action.requirement !== "number") continue;
    if (!action.type.startsWith("max")) min = action.requirement;
    if (!action.type.startsWith("min")) max = action.requirement;
  }
  const unit = (n: number) =>
    !lengths ? "" : type === "string" ? plural(n, " character") : plural(n, " item");
  const count = (n: number) => `${formatCount(n)}${unit(n)}`;
  if (min !== undefined && min === max) return `of exactly ${count(min)}`;
  if (min !== undefined && max !== undefined)
    return lengths ? `of ${formatCount(min)} to ${count(max)}` : `from ${count(min)} to ${count(max)}`;
  if (min !== undefined) return `of at least ${count(min)}`;
  if (max !== undefined) return `of at most ${count(max)}`;
  return null;
}

/** "1 character", "2 characters". */
export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** 1000 → "1 000": digits grouped by three, as the numbers a person reads in a message. */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " ") : String(n);
}
