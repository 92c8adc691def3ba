import { base64Url } from "./tokens";

/**
 * Opaque page cursors. They name a position (a row id, or a publication time and row id), never an
 * offset, so pages stay stable while new articles arrive.
 */
export function encodeCursor(parts: number[]): string {
  return base64Url(new TextEncoder().encode(parts.join(".")));
}

/** The numbers in a cursor, or null when it is not one Ferry wrote (or has the wrong arity). */
export function decodeCursor(cursor: string, arity: number): number[] | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const parts = text.split(".");
  if (parts.length !== arity || !parts.every((p) => /^\d{1,16}$/.test(p))) return null;
  const numbers = parts.map(Number);
  return numbers.every(Number.isSafeInteger) ? numbers : null;
}
