import { env, SELF } from "cloudflare:test";
import { expect, it } from "vitest";
it("answers", async () => {
  const r = await SELF.fetch("https://ferry.test/");
  expect(await r.text()).toBe("ok");
  const rows = await env.DB.prepare("select name from sqlite_master").all();
  expect(rows.results.length).toBeGreaterThan(0);
});
