import { Hono } from "hono";
import { toHex } from "../domain/tokens";
import type { ConsoleHono } from "./console-env";
import { CONSOLE_JS } from "./script";
import { CONSOLE_CSS } from "./styles";

/** Where the current stylesheet and script are: names carry a hash of their content, so each may be cached for good. */
export interface AssetUrls {
  css: string;
  js: string;
}

interface Asset {
  contentType: string;
  body: string;
}

const ASSET_PATH = "/console/assets/";
const IMMUTABLE = "public, max-age=31536000, immutable";

async function hashedName(stem: string, extension: string, body: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  return `${stem}.${toHex(new Uint8Array(digest)).slice(0, 16)}.${extension}`;
}

/** The asset table, hashed once per isolate. */
let table: Promise<{ urls: AssetUrls; byName: Map<string, Asset> }> | undefined;

export function consoleAssets() {
  table ??= (async () => {
    const css = await hashedName("console", "css", CONSOLE_CSS);
    const js = await hashedName("console", "js", CONSOLE_JS);
    return {
      urls: { css: ASSET_PATH + css, js: ASSET_PATH + js },
      byName: new Map<string, Asset>([
        [css, { contentType: "text/css; charset=utf-8", body: CONSOLE_CSS }],
        [js, { contentType: "text/javascript; charset=utf-8", body: CONSOLE_JS }],
      ]),
    };
  })();
  return table;
}

/** `/console/assets/<name>`: the current assets only; an old hash is a 404, never another version's bytes. */
export const assetRoutes = new Hono<ConsoleHono>().get("/:name", async (c) => {
  const asset = (await consoleAssets()).byName.get(c.req.param("name"));
  if (!asset) return c.notFound();
  return c.body(asset.body, 200, { "content-type": asset.contentType, "cache-control": IMMUTABLE });
});
