import { roleAllows, type TokenRole } from "../domain/tokens";
import { CONSOLE_ROOT, consolePaths } from "./paths";

/** One place of the console's navigation, current for every path under `section`. */
export interface NavItem {
  label: string;
  href: string;
  section: string;
  /** The least role that may open it; shown only to tokens that have it. */
  role: TokenRole;
}

/** The console's navigation, in order; a new screen adds its line here. */
export const NAV_ITEMS: readonly NavItem[] = [
  { label: "Feeds", href: consolePaths.feeds, section: `${CONSOLE_ROOT}/feeds`, role: "read" },
  { label: "Tokens", href: consolePaths.tokens, section: consolePaths.tokens, role: "admin" },
];

/** One screen of a feed, in the feed's own navigation. */
export interface FeedNavItem {
  label: string;
  path: (slug: string) => string;
  role: TokenRole;
}

/** A feed's screens, in order; a new one adds its line here. */
export const FEED_NAV_ITEMS: readonly FeedNavItem[] = [
  { label: "Articles", path: consolePaths.articles, role: "read" },
  { label: "Webhooks", path: consolePaths.webhooks, role: "read" },
  { label: "WebSub", path: consolePaths.websub, role: "read" },
  { label: "Import and export", path: consolePaths.transfer, role: "read" },
  { label: "Settings", path: consolePaths.feedSettings, role: "admin" },
];

export function isCurrent(section: string, path: string): boolean {
  return path === section || path.startsWith(`${section}/`);
}

export function visibleTo<T extends { role: TokenRole }>(items: readonly T[], role: TokenRole | null): T[] {
  return items.filter((item) => role !== null && roleAllows(role, item.role));
}
