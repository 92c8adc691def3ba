// `npm run check:openapi`: builds the OpenAPI document with the same code the Worker serves it from
// (src/http/openapi.ts, bundled for Node), then checks it with Redocly's `recommended` rules and a strict
// OpenAPI 3.1 schema validator. Fails on any error or warning. Works offline.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { Validator } from "@seriousme/openapi-schema-validator";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));
/** The origin `npm start` serves; the document names whichever origin it is served from. */
const ORIGIN = "http://127.0.0.1:8787";

async function buildDocument() {
  // esbuild is the bundler wrangler deploys the Worker with.
  const esbuild = require("esbuild");
  const { outputFiles } = await esbuild.build({
    entryPoints: [`${root}src/http/openapi.ts`],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node22",
    logLevel: "error",
  });
  const source = Buffer.from(outputFiles[0].contents).toString("base64");
  const { openApiDocument } = await import(`data:text/javascript;base64,${source}`);
  return openApiDocument(ORIGIN);
}

const { license } = JSON.parse(readFileSync(`${root}package.json`, "utf8"));

const REDOCLY_CONFIG = {
  extends: ["recommended"],
  rules: {
    // `/feeds/{feed}/` (the HTML page) and `/feeds/{feed}` (content negotiation) are different resources on
    // purpose, as are their tag and author variants: the trailing slash is part of the address.
    "no-path-trailing-slash": "off",
    // An UNLICENSED project grants no license, so there is no SPDX identifier or license URL to name.
    ...(license === "UNLICENSED" ? { "info-license-strict": "off" } : {}),
  },
};

function location(problem) {
  return problem.location.map((at) => at.pointer).join(", ");
}

async function lintWithRedocly(document) {
  const config = await createConfig(REDOCLY_CONFIG);
  const problems = await lintFromString({
    source: JSON.stringify(document, null, 2),
    absoluteRef: `${root}openapi.json`,
    config,
  });
  return problems.map(
    (problem) => `redocly ${problem.severity} ${problem.ruleId}: ${problem.message} at ${location(problem)}`,
  );
}

async function validateSchema(document) {
  const validator = new Validator();
  const result = await validator.validate(document);
  if (result.valid && validator.version === "3.1") return [];
  const errors = result.errors ?? [{ message: `validated as OpenAPI ${validator.version}, not 3.1` }];
  return errors.map(
    (error) =>
      `schema ${error.instancePath ?? ""} ${error.message ?? ""} ${JSON.stringify(error.params ?? {})}`,
  );
}

const startedAt = Date.now();
const document = await buildDocument();
const failures = [...(await lintWithRedocly(document)), ...(await validateSchema(document))];
const operations = Object.values(document.paths).flatMap((item) => Object.keys(item)).length;
if (failures.length > 0) {
  console.error(failures.join("\n"));
  console.error(`OpenAPI document: ${failures.length} problems.`);
  process.exit(1);
}
console.log(
  `OpenAPI ${document.openapi} document (${operations} operations): no Redocly errors or warnings, valid against the OpenAPI 3.1 schema (${Date.now() - startedAt} ms).`,
);
