import fc from "fast-check";

const PLACEHOLDER = /"\\u0000deep:(\d+):(array|object)\\u0000"/g;

/**
 * A value nested `depth` levels deep. It stays a marker until the body is serialised: building it as a JS
 * value would overflow the test's own stack in JSON.stringify, and printing it would flood the report.
 */
export class DeepMarker {
  constructor(
    readonly depth: number,
    readonly shape: "array" | "object",
  ) {}

  toJSON(): string {
    return `\u0000deep:${this.depth}:${this.shape}\u0000`;
  }

  [fc.toStringMethod](): string {
    return `<${this.shape} nested ${this.depth} deep>`;
  }
}

/** JSON.stringify, with every DeepMarker expanded into JSON text of its depth. */
export function stringifyWithDeep(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  return text.replace(PLACEHOLDER, (_, depth: string, shape: string) => {
    const n = Number(depth);
    return shape === "array" ? `${"[".repeat(n)}${"]".repeat(n)}` : `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
  });
}
