/** The fields of the new-token form, in the order it shows them. */
export const TOKEN_FORM_FIELDS = ["label", "role", "feeds", "expires_in_days"] as const;
export type TokenFormField = (typeof TOKEN_FORM_FIELDS)[number];
export type TokenFormValues = Record<TokenFormField, string>;

export const TOKEN_FIELD_LABELS: Readonly<Record<TokenFormField, string>> = {
  label: "Label",
  role: "Role",
  feeds: "Feeds",
  expires_in_days: "Expires after (days)",
};

export const EMPTY_TOKEN_VALUES: TokenFormValues = {
  label: "",
  role: "read",
  feeds: "",
  expires_in_days: "",
};

export function tokenValuesFromForm(form: URLSearchParams): TokenFormValues {
  return Object.fromEntries(
    TOKEN_FORM_FIELDS.map((field) => [field, form.get(field) ?? ""]),
  ) as TokenFormValues;
}

/**
 * The API body (a TokenInput before validation) the form stands for: no feeds is every feed, no days is a token
 * that never expires. A day count that is not a number stays text, so validation names it as the API would.
 */
export function tokenBodyFromValues(values: TokenFormValues): Record<string, unknown> {
  const feeds = values.feeds
    .split(",")
    .map((slug) => slug.trim())
    .filter((slug) => slug !== "");
  const days = values.expires_in_days.trim();
  return {
    label: values.label,
    role: values.role,
    feeds: feeds.length > 0 ? feeds : null,
    expires_in_days: days === "" ? null : /^\d{1,6}$/.test(days) ? Number(days) : days,
  };
}
