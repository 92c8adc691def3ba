import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { ImportResult } from "../src/domain/api-schemas";
import { MAX_IMPORT_BYTES } from "../src/http/feed-document-body";
import { HOSTILE_FEEDS, type HostileShape, mediaTypeOf } from "./support/hostile-feeds";
import { expectProblem } from "./support/http";
import { postImport } from "./support/import";
import { feedWithToken } from "./support/seed";

/** What each shape at the size limit comes to: the counts of the import answer, or a refusal. */
const EXPECTED: Record<
  HostileShape,
  { created: number; rejected: number } | { status: 400; detail: RegExp }
> = {
  // Items of up to a megabyte each: their markup sanitises to nothing or little, their titles remain.
  "anchors without >": { created: 6, rejected: 0 },
  "escaped anchors": { created: 6, rejected: 0 },
  "100 000 nested elements": { created: 9, rejected: 0 },
  "stray close tags": { created: 6, rejected: 0 },
  "entity-like runs": { created: 6, rejected: 0 },
  "nested Atom HTML": { created: 1, rejected: 0 },
  // Five megabytes of markup is more than an article may hold.
  "a million attributes": { created: 0, rejected: 1 },
  // Escaping `&` as `&amp;`, and JSON escaping tabs and newlines, grow the full items past what an
  // article may hold; the last, small item is created.
  "ampersand runs": { created: 1, rejected: 5 },
  "whitespace runs": { created: 1, rejected: 5 },
  // Neither run is a date Ferry can read.
  "date runs": { created: 0, rejected: 2 },
  // Shapes no feed has are refused before the items are read.
  "XML attributes filling the document": { status: 400, detail: /more than 1000 attributes/ },
  "nested XML elements": { status: 400, detail: /nested tags/ },
  "nested JSON": { status: 400, detail: /more than 32 levels/ },
};

describe("POST /v1/feeds/:feed/import with a hostile document at the size limit", () => {
  it.each(Object.keys(HOSTILE_FEEDS) as HostileShape[])("answers %s sanely", async (shape) => {
    const document = HOSTILE_FEEDS[shape](MAX_IMPORT_BYTES);
    expect(new TextEncoder().encode(document).byteLength).toBeLessThanOrEqual(MAX_IMPORT_BYTES);
    const { slug, token } = await feedWithToken();
    const response = await postImport(slug, token, document, mediaTypeOf(document));
    const expected = EXPECTED[shape];
    if ("status" in expected) {
      const problem = await expectProblem(response, expected.status);
      expect(problem.detail).toMatch(expected.detail);
      return;
    }
    expect(response.status, await response.clone().text()).toBe(200);
    const result = v.parse(ImportResult, await response.json());
    expect({ created: result.created, rejected: result.rejected }).toEqual(expected);
  });
});
