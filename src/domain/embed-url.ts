import { safeUrl, WEB_SCHEMES } from "./safe-url";

/** A video player whose embeds survive: where its embed URLs live, which ids they take, what query is kept. */
interface Player {
  pathPrefix: string;
  /** Anchored and free of nested quantifiers, so matching is linear whatever the input. */
  id: RegExp;
  params: Readonly<Record<string, RegExp>>;
}

// `start` (seconds) is content, not behaviour; autoplay, loop, enablejsapi, origin and the like are dropped.
const YOUTUBE: Player = { pathPrefix: "/embed/", id: /^[A-Za-z0-9_-]{11}$/, params: { start: /^\d{1,6}$/ } };
// `h` is the privacy hash without which an unlisted Vimeo video does not play at all.
const VIMEO: Player = { pathPrefix: "/video/", id: /^[1-9]\d{0,19}$/, params: { h: /^[0-9a-f]{1,32}$/ } };

/** Hosts whose player embeds survive as sandboxed iframes; every other iframe is dropped. */
const PLAYERS: ReadonlyMap<string, Player> = new Map([
  ["www.youtube.com", YOUTUBE],
  ["www.youtube-nocookie.com", YOUTUBE],
  ["player.vimeo.com", VIMEO],
]);

/** Permissions an embedded player may be granted; a bare feature name allows only the player's own origin. */
const EMBED_PERMISSIONS: readonly string[] = [
  "autoplay",
  "encrypted-media",
  "fullscreen",
  "picture-in-picture",
];

/**
 * The iframe `src` of a YouTube or Vimeo player embed, rebuilt by Ferry from the video id it names (and the
 * few query parameters listed above), or null for anything else. The URL is read as a browser would read it
 * (relative to `baseUrl`, case, dot segments), so only the player page itself gets through: a redirect or
 * any other path on those hosts, a port, userinfo, an encoded slash or a trailing segment is refused.
 * An http: embed is upgraded: the rebuilt URL is always https.
 */
export function embedSrc(value: string, baseUrl: string | null): string | null {
  const href = safeUrl(value, baseUrl, WEB_SCHEMES);
  if (href === null || href.startsWith("#")) return null;
  const url = new URL(href);
  const player = PLAYERS.get(url.hostname);
  if (player === undefined || url.port !== "" || url.username !== "" || url.password !== "") return null;
  if (!url.pathname.startsWith(player.pathPrefix)) return null;
  const id = url.pathname.slice(player.pathPrefix.length);
  if (!player.id.test(id)) return null;
  const query = new URLSearchParams();
  for (const [name, pattern] of Object.entries(player.params)) {
    const param = url.searchParams.get(name);
    if (param !== null && pattern.test(param)) query.set(name, param);
  }
  const search = query.toString();
  return `https://${url.hostname}${player.pathPrefix}${id}${search === "" ? "" : `?${search}`}`;
}

/**
 * The `allow` attribute Ferry writes for an embed: the features the author asked for that are in
 * EMBED_PERMISSIONS, as bare names (never `*` or other origins), or null if none is left. Only the
 * intersection, so an embed never gets a permission (autoplay, say) its author did not give it.
 */
export function embedAllow(value: string): string | null {
  const asked = new Set(
    value.split(";").map((directive) => directive.trim().split(/\s/, 1)[0]?.toLowerCase()),
  );
  const granted = EMBED_PERMISSIONS.filter((feature) => asked.has(feature));
  return granted.length > 0 ? granted.join("; ") : null;
}
