/** Longest URL Ferry stores; longer ones are almost always mistakes or abuse. */
export const MAX_URL_LENGTH = 2048;

/** True for an absolute http(s) URL, the only kind Ferry puts into feeds. */
export function isHttpUrl(text: string): boolean {
  if (text.length > MAX_URL_LENGTH || /[\u0000-\u0020\u007f]/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}
