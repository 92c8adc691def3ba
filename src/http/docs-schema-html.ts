import { type HtmlMarkup, type HtmlValue, html, joinHtml, proseHtml } from "../feeds/html-writer";
import type { JsonSchema } from "./openapi-types";

/** Renders JSON Schemas from the OpenAPI document as human-readable types and field tables. */

const SCHEMA_REF_PREFIX = "#/components/schemas/";

export function schemaAnchor(name: string): string {
  return `schema-${name}`;
}

/** A link to a named component schema. */
export function schemaLink(ref: string): HtmlMarkup {
  const name = ref.startsWith(SCHEMA_REF_PREFIX) ? ref.slice(SCHEMA_REF_PREFIX.length) : ref;
  return html`<a href="#${schemaAnchor(name)}">${name}</a>`;
}

function asSchema(definition: unknown): JsonSchema | undefined {
  return typeof definition === "object" && definition !== null && !Array.isArray(definition)
    ? definition
    : undefined;
}

/** Splits `anyOf: [X, {type: "null"}]` (valibot's nullish) into X and a nullable flag. */
function unwrapNullable(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const options = (schema.anyOf ?? []).map(asSchema);
  const nonNull = options.filter((option) => option?.type !== "null");
  if (options.length === 2 && nonNull.length === 1 && nonNull[0]) {
    const { anyOf, ...rest } = schema;
    return { schema: { ...nonNull[0], ...rest }, nullable: true };
  }
  return { schema, nullable: false };
}

/** The type in words, as markup: `string`, `array of ArticleOutput`, `integer | null` … */
export function typeHtml(definition: JsonSchema | boolean | undefined): HtmlMarkup {
  const raw = asSchema(definition);
  if (!raw) return html`any`;
  const { schema, nullable } = unwrapNullable(raw);
  let type: HtmlValue;
  if (schema.$ref) type = schemaLink(schema.$ref);
  else if (schema.anyOf)
    type = joinHtml(
      schema.anyOf.map((option) => typeHtml(option)),
      " | ",
    );
  else if (schema.type === "array") type = html`array of ${typeHtml(asSchema(schema.items))}`;
  else if (Array.isArray(schema.type)) type = schema.type.join(" | ");
  else type = schema.type ?? "any";
  return nullable ? html`${type} | null` : html`${type}`;
}

/** Constraints and description in words; arrays also describe their items. */
export function constraintsHtml(definition: JsonSchema | boolean | undefined): HtmlMarkup {
  const raw = asSchema(definition);
  if (!raw) return html``;
  const { schema } = unwrapNullable(raw);
  const notes: HtmlValue[] = [];
  if (schema.description) notes.push(proseHtml(schema.description));
  if (schema.format) notes.push(html`Format: <code>${schema.format}</code>.`);
  if (schema.minLength === 1 && schema.maxLength === undefined) notes.push("Not empty.");
  else if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    notes.push(`Length: ${range(schema.minLength, schema.maxLength)} characters.`);
  }
  if (schema.minimum !== undefined || schema.maximum !== undefined) {
    notes.push(`Value: ${range(schema.minimum, schema.maximum)}.`);
  }
  if (schema.minItems !== undefined || schema.maxItems !== undefined) {
    notes.push(`Items: ${range(schema.minItems, schema.maxItems)}.`);
  }
  if (schema.pattern) notes.push(html`Matches <code>${schema.pattern}</code>.`);
  if (schema.enum) {
    const values = schema.enum.map((value) => html`<code>${String(value)}</code>`);
    notes.push(html`One of ${joinHtml(values, ", ")}.`);
  }
  if (schema.default !== undefined) notes.push(html`Default <code>${JSON.stringify(schema.default)}</code>.`);
  const items = asSchema(schema.items);
  const itemNotes = items && !items.$ref && items.type !== "object" ? constraintsHtml(items) : null;
  if (itemNotes && itemNotes.html !== "") notes.push(html`Each item: ${itemNotes}`);
  return joinHtml(notes, " ");
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}

interface FieldRow {
  name: string;
  schema: JsonSchema | boolean | undefined;
  required: boolean;
}

/** Every member of an object schema, nested objects flattened as `author.name` and `authors[].name`. */
function fieldRows(schema: JsonSchema, prefix = ""): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const [name, definition] of Object.entries(schema.properties ?? {})) {
    rows.push({
      name: prefix + name,
      schema: definition,
      required: schema.required?.includes(name) ?? false,
    });
    const member = asSchema(definition);
    const inner = member ? unwrapNullable(member).schema : undefined;
    const items = inner?.type === "array" ? asSchema(inner.items) : undefined;
    if (inner?.type === "object") rows.push(...fieldRows(inner, `${prefix}${name}.`));
    else if (items?.type === "object") rows.push(...fieldRows(items, `${prefix}${name}[].`));
  }
  return rows;
}

/** An object schema as a table of fields; other schemas as a one-line type. */
export function fieldTableHtml(schema: JsonSchema): HtmlMarkup {
  const rows = fieldRows(schema);
  if (rows.length === 0) return html`<p>${typeHtml(schema)} ${constraintsHtml(schema)}</p>`;
  return tableHtml(
    ["Field", "Type", "Required", "Constraints and notes"],
    rows.map((row) => [
      html`<code>${row.name}</code>`,
      typeHtml(row.schema),
      row.required ? "yes" : "no",
      constraintsHtml(row.schema),
    ]),
  );
}

/**
 * A table that scrolls sideways when the screen is too narrow. Only the prose column (by default the
 * last) wraps, between words; every other column keeps names and types on one line.
 */
export function tableHtml(
  head: readonly HtmlValue[],
  rows: readonly (readonly HtmlValue[])[],
  proseColumn = head.length - 1,
): HtmlMarkup {
  const prose = (i: number) => (i === proseColumn ? html` class="prose"` : null);
  const headCells = head.map((value, i) => html`<th${prose(i)}>${value}</th>`);
  const bodyRows = rows.map(
    (row) => html`<tr>${row.map((value, i) => html`<td${prose(i)}>${value}</td>`)}</tr>`,
  );
  return html`<div class="scroll"><table>
<thead><tr>${headCells}</tr></thead>
<tbody>
${joinHtml(bodyRows, "\n")}
</tbody>
</table></div>`;
}
