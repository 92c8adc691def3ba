import { describe, expect, it } from "vitest";

/**
 * The folders of src/ in layers, lowest first: a module imports from its own folder and from lower layers
 * only, and folders that share a layer never import each other. So nothing below `http` knows about HTTP,
 * and each part can be read, tested and replaced with only what is beneath it in mind.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["domain"],
  ["feeds", "import"],
  // activitypub: ActivityPub documents and their URLs, pure, written with the feeds' helpers.
  ["db", "outbound", "activitypub"],
  ["services"],
  ["delivery", "http", "maintenance"],
  ["console"],
  ["scheduled.ts"],
  ["index.ts"],
];

/** The Worker's bindings: any module may `import type` them; they name only domain types. */
const BINDINGS = "env.ts";

const SOURCES = import.meta.glob<string>("/src/**/*.{ts,tsx}", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** Static imports and re-exports (`import … from`, `export … from`, `import "…"`) and dynamic `import("…")`. */
const IMPORT =
  /\b(import|export)\s+(type\s+)?(?:[\w$*{},\s]*?\s+from\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

interface Import {
  to: string;
  typeOnly: boolean;
}

/** `src/http/app.ts` → `http`; `src/index.ts` → `index.ts`: the unit a layer lists. */
function unitOf(path: string): string {
  const [unit = ""] = path.replace(/^\/src\//, "").split("/");
  return unit;
}

/** The module a resolved specifier names: as written when it has an extension, else its `.ts` or `.tsx` file. */
function moduleFile(resolved: string, known: ReadonlySet<string>): string {
  if (/\.tsx?$/.test(resolved)) return resolved;
  return known.has(`${resolved}.tsx`) ? `${resolved}.tsx` : `${resolved}.ts`;
}

function importsOf(path: string, source: string, known: ReadonlySet<string>): Import[] {
  return [...source.matchAll(IMPORT)].flatMap((match) => {
    const specifier = match[3] ?? match[4] ?? "";
    if (!specifier.startsWith(".")) return [];
    const resolved = new URL(specifier, `file://${path}`).pathname;
    if (!resolved.startsWith("/src/")) return [];
    return [{ to: moduleFile(resolved, known), typeOnly: match[1] === "import" && match[2] !== undefined }];
  });
}

/** Every import against the direction, in words; empty when all of them run one way. */
function violations(sources: Readonly<Record<string, string>>): string[] {
  const rank = new Map(LAYERS.flatMap((units, i) => units.map((unit) => [unit, i] as const)));
  const found: string[] = [];
  const known = new Set(Object.keys(sources));
  for (const [path, source] of Object.entries(sources)) {
    const unit = unitOf(path);
    if (unit !== BINDINGS && !rank.has(unit)) {
      found.push(`${path} is in no layer`);
      continue;
    }
    for (const { to, typeOnly } of importsOf(path, source, known)) {
      const target = unitOf(to);
      if (target === unit) continue;
      if (unit === BINDINGS) {
        if (target !== "domain") found.push(`${path} imports ${to}: bindings name only domain types`);
      } else if (target === BINDINGS) {
        if (!typeOnly) found.push(`${path} imports ${to} for more than its types`);
      } else if (!((rank.get(target) ?? Number.POSITIVE_INFINITY) < (rank.get(unit) as number))) {
        found.push(`${path} imports ${to}: ${target} is not below ${unit}`);
      }
    }
  }
  return found;
}

describe(`imports run one way: ${LAYERS.map((units) => units.join(", ")).join(" ← ")}`, () => {
  it("reads every source module", () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(100);
    expect(Object.keys(SOURCES)).toContain("/src/http/app.ts");
    expect(Object.keys(SOURCES)).toContain("/src/console/pages/articles-page.tsx");
  });

  it("holds for every module in src/", () => {
    expect(violations(SOURCES)).toEqual([]);
  });

  it("catches an import up, an import across a layer, a value import of the bindings and a folder in no layer", () => {
    expect(
      violations({
        "/src/domain/a.ts": 'import { b } from "../db/b";\nimport { x } from "./x";',
        "/src/services/c.ts": 'import {\n  type D,\n  e,\n} from "../maintenance/d";',
        "/src/delivery/f.ts": 'export { g } from "../http/g";\nconst h = await import("../http/h");',
        "/src/db/i.ts": 'import { Env } from "../env";\nimport type { Feed } from "../domain/feed";',
        "/src/env.ts": 'import type { T } from "./services/t";',
        "/src/cache/j.ts": 'import "../domain/k";',
        "/src/http/l.ts": 'import { Page } from "../console/page";',
        "/src/console/page.tsx": 'import { m } from "./m";',
        "/src/console/n.tsx": 'import { o } from "../scheduled";',
      }),
    ).toEqual([
      "/src/domain/a.ts imports /src/db/b.ts: db is not below domain",
      "/src/services/c.ts imports /src/maintenance/d.ts: maintenance is not below services",
      "/src/delivery/f.ts imports /src/http/g.ts: http is not below delivery",
      "/src/delivery/f.ts imports /src/http/h.ts: http is not below delivery",
      "/src/db/i.ts imports /src/env.ts for more than its types",
      "/src/env.ts imports /src/services/t.ts: bindings name only domain types",
      "/src/cache/j.ts is in no layer",
      "/src/http/l.ts imports /src/console/page.tsx: console is not below http",
      "/src/console/n.tsx imports /src/scheduled.ts: scheduled.ts is not below console",
    ]);
  });
});
