import type { FeedOutput } from "../../domain/api-schemas";
import type { Author } from "../../domain/article";
import { CONTENT_MODES, MAX_ITEM_LIMIT } from "../../domain/feed-input";
import type { Control } from "../components/form-field";
import { formatAuthorLine, parseAuthorLine } from "./author-line";

/**
 * One setting of a feed as the form shows it: `name` is the member of the API's feed body it edits, `control` how it
 * is typed and read back. A new setting is one more line in FEED_SETTINGS.
 */
export interface FeedSetting {
  name: string;
  label: string;
  control: Control | "author";
  hint?: string;
  required?: boolean;
  options?: readonly { value: string; label: string }[];
  min?: number;
  max?: number;
}

export const SLUG_SETTING: FeedSetting = {
  name: "slug",
  label: "Slug",
  control: "text",
  required: true,
  hint: "Part of every feed URL, e.g. news: lowercase letters, digits and dashes. It never changes.",
};

export const FEED_SETTINGS: readonly FeedSetting[] = [
  { name: "title", label: "Title", control: "text", required: true },
  { name: "description", label: "Description", control: "textarea" },
  { name: "home_page_url", label: "Home page", control: "url", hint: "The site the feed belongs to." },
  { name: "language", label: "Language", control: "text", hint: "A language tag, e.g. en or fr-CA." },
  {
    name: "author",
    label: "Author",
    control: "author",
    hint: "Name <email> https://url, any part optional.",
  },
  { name: "icon", label: "Icon", control: "url", hint: "A square image, https." },
  {
    name: "item_limit",
    label: "Articles per feed page",
    control: "number",
    min: 1,
    max: MAX_ITEM_LIMIT,
    hint: `1 to ${MAX_ITEM_LIMIT}; 20 when empty.`,
  },
  {
    name: "content",
    label: "Items carry",
    control: "select",
    options: CONTENT_MODES.map((mode) => ({
      value: mode,
      label: mode === "full" ? "The whole article" : "A summary or excerpt only",
    })),
  },
];

/** What the form shows for each setting: the text typed, or the feed's current value. */
export type SettingValues = Record<string, string>;

export function settingValuesFromForm(
  form: URLSearchParams,
  settings: readonly FeedSetting[],
): SettingValues {
  return Object.fromEntries(settings.map((s) => [s.name, form.get(s.name) ?? ""]));
}

export function settingValuesFromFeed(view: FeedOutput, settings: readonly FeedSetting[]): SettingValues {
  const members = view as unknown as Record<string, unknown>;
  return Object.fromEntries(
    settings.map((s) => {
      const value = members[s.name];
      if (value === undefined || value === null) return [s.name, ""];
      return [s.name, s.control === "author" ? formatAuthorLine(value as Author) : String(value)];
    }),
  );
}

/**
 * The API body the form stands for: every setting shown, an empty one as null (which clears it in a change). A number
 * that is not one stays text, so validation names it exactly as the API would.
 */
export function feedBodyFromValues(
  values: SettingValues,
  settings: readonly FeedSetting[],
): Record<string, unknown> {
  return Object.fromEntries(
    settings.map((s) => {
      const text = (values[s.name] ?? "").trim();
      if (text === "") return [s.name, null];
      if (s.control === "number") return [s.name, /^\d{1,6}$/.test(text) ? Number(text) : text];
      if (s.control === "author") return [s.name, parseAuthorLine(text)];
      return [s.name, s.control === "textarea" ? (values[s.name] ?? "") : text];
    }),
  );
}
