import type { Author } from "../../domain/article";

/**
 * Authors as one line each, the way commit authors are written: `Name <email> https://url`, any part optional.
 * Read by position and prefix only (no pattern over the text), so any line costs time in proportion to its length.
 */
export function formatAuthorLine(author: Author): string {
  return [author.name, author.email ? `<${author.email}>` : undefined, author.url]
    .filter((part) => part !== undefined && part !== "")
    .join(" ");
}

/** An author object as the API takes it (members left out when not given), from one line. */
export function parseAuthorLine(line: string): Record<string, string> {
  let rest = line;
  const author: Record<string, string> = {};
  const open = rest.indexOf("<");
  const close = open === -1 ? -1 : rest.indexOf(">", open);
  if (open !== -1 && close !== -1) {
    author.email = rest.slice(open + 1, close).trim();
    rest = `${rest.slice(0, open)} ${rest.slice(close + 1)}`;
  }
  const words = rest.split(" ").filter((word) => word !== "");
  const url = words.find((word) => /^https?:\/\//i.test(word));
  if (url !== undefined) author.url = url;
  const name = words.filter((word) => word !== url).join(" ");
  if (name !== "") author.name = name;
  return author;
}

/** One author per non-empty line. */
export function parseAuthorLines(text: string): Record<string, string>[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map(parseAuthorLine);
}
