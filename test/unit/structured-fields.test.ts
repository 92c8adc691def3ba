import { describe, expect, it } from "vitest";
import { parseDictionary } from "../../src/domain/structured-fields";

describe("RFC 8941 dictionaries, as RFC 9421 uses them", () => {
  it("reads inner lists with parameters, byte sequences, tokens, integers and booleans, keeping each raw value", () => {
    const input = parseDictionary(
      'sig1=("@method" "@target-uri";req "content-digest");created=1618884473;keyid="a \\"b\\"";alg=rsa, sig2=?0',
    );
    const sig1 = input?.get("sig1");
    expect(sig1?.raw).toBe(
      '("@method" "@target-uri";req "content-digest");created=1618884473;keyid="a \\"b\\"";alg=rsa',
    );
    expect(Array.isArray(sig1?.value) && sig1.value.map((item) => item.value)).toEqual([
      "@method",
      "@target-uri",
      "content-digest",
    ]);
    expect(Array.isArray(sig1?.value) && sig1.value[1]?.params.get("req")).toBe(true);
    expect(Object.fromEntries(sig1?.params ?? [])).toEqual({
      created: 1618884473,
      keyid: 'a "b"',
      alg: "rsa",
    });
    expect(input?.get("sig2")?.value).toEqual({ value: false, params: new Map() });
    const bytes = parseDictionary("sig1=:AQID:")?.get("sig1")?.value;
    expect(bytes).toEqual({ value: new Uint8Array([1, 2, 3]), params: new Map() });
  });

  it("refuses what is not well-formed", () => {
    for (const bad of [
      "Sig1=?1",
      'a=("x"',
      'a=("x""y")',
      "a=:not base64!:",
      'a="unterminated',
      'a="bad \\n escape"',
      "a=1,",
      "a=1 b=2",
      "a=1234567890123456",
      "a=1.5",
    ]) {
      expect(parseDictionary(bad), bad).toBeNull();
    }
  });

  it("takes time linear in its length, whatever it holds", { timeout: 60_000 }, () => {
    const msPerCall = (text: string) => {
      let best = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 5; round++) {
        const started = performance.now();
        let calls = 0;
        while (performance.now() - started < 20) {
          parseDictionary(text);
          calls++;
        }
        best = Math.min(best, (performance.now() - started) / calls);
      }
      return best;
    };
    const shapes = [
      (n: number) => `a=("${"x".repeat(n)}`,
      (n: number) => `a=(${'"x" '.repeat(n)})`,
      (n: number) => `a=1${";p=1".repeat(n)}`,
      (n: number) => Array.from({ length: n }, (_, i) => `k${i}=?1`).join(","),
      (n: number) => `a=:${"A".repeat(4 * n)}`,
    ];
    for (const [i, shape] of shapes.entries()) {
      msPerCall(shape(2000));
      expect(msPerCall(shape(8000)) / msPerCall(shape(2000)), `shape ${i}`).toBeLessThan(10);
    }
  });
});
