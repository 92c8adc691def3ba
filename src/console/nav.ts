import { CONSOLE_ROOT, consolePaths } from "./paths";

/** One place of the console's navigation, current for every path under `section`. */
export interface NavItem {
  label: string;
  href: string;
  section: string;
}

/** The console's navigation, in order; a new screen adds its line here. */
export const NAV_ITEMS: readonly NavItem[] = [
  { label: "Feeds", href: consolePaths.feeds, section: `${CONSOLE_ROOT}/feeds` },
];

export function isCurrent(item: NavItem, path: string): boolean {
  return path === item.section || path.startsWith(`${item.section}/`);
}
