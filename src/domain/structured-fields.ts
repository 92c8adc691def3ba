/**
 * The part of RFC 8941 Structured Field Values that RFC 9421 signatures use: a Dictionary whose members are
 * items or inner lists, with parameters; items are strings, tokens, integers, byte sequences or booleans. One
 * linear pass with no backtracking, so a hostile header costs time in proportion to its (bounded) length.
 */

export type BareItem = string | number | boolean | Uint8Array;

export interface Item {
  value: BareItem;
  params: Map<string, BareItem>;
}

export interface DictionaryMember {
  value: Item | Item[];
  params: Map<string, BareItem>;
  /** The member's value exactly as it was written: what `@signature-params` repeats. */
  raw: string;
}

class Reader {
  i = 0;
  constructor(readonly text: string) {}
  peek(): string {
    return this.text[this.i] ?? "";
  }
  skip(chars: string): void {
    while (this.i < this.text.length && chars.includes(this.peek())) this.i++;
  }
}

/** Null for anything that is not a well-formed Dictionary. */
export function parseDictionary(text: string): Map<string, DictionaryMember> | null {
  const r = new Reader(text);
  const members = new Map<string, DictionaryMember>();
  r.skip(" ");
  while (r.i < text.length) {
    const key = readKey(r);
    if (key === null) return null;
    const start = r.i;
    let member: DictionaryMember | null;
    if (r.peek() === "=") {
      r.i++;
      const valueStart = r.i;
      member = r.peek() === "(" ? readInnerList(r) : readItemMember(r);
      if (member) member.raw = text.slice(valueStart, r.i);
    } else {
      const params = readParams(r);
      member = params && { value: { value: true, params: new Map() }, params, raw: text.slice(start, r.i) };
    }
    if (!member) return null;
    members.set(key, member);
    r.skip(" \t");
    if (r.i >= text.length) break;
    if (r.peek() !== ",") return null;
    r.i++;
    r.skip(" \t");
    if (r.i >= text.length) return null;
  }
  return members;
}

function readItemMember(r: Reader): DictionaryMember | null {
  const item = readItem(r);
  return item && { value: item, params: item.params, raw: "" };
}

function readInnerList(r: Reader): DictionaryMember | null {
  r.i++;
  const items: Item[] = [];
  for (;;) {
    r.skip(" ");
    if (r.peek() === ")") {
      r.i++;
      const params = readParams(r);
      return params && { value: items, params, raw: "" };
    }
    const item = readItem(r);
    if (!item) return null;
    items.push(item);
    if (r.peek() !== " " && r.peek() !== ")") return null;
  }
}

function readItem(r: Reader): Item | null {
  const value = readBareItem(r);
  if (value === null) return null;
  const params = readParams(r);
  return params && { value, params };
}

function readParams(r: Reader): Map<string, BareItem> | null {
  const params = new Map<string, BareItem>();
  while (r.peek() === ";") {
    r.i++;
    r.skip(" ");
    const key = readKey(r);
    if (key === null) return null;
    let value: BareItem | null = true;
    if (r.peek() === "=") {
      r.i++;
      value = readBareItem(r);
      if (value === null) return null;
    }
    params.set(key, value);
  }
  return params;
}

function readKey(r: Reader): string | null {
  const start = r.i;
  const first = r.peek();
  if (!/^[a-z*]$/.test(first)) return null;
  r.i++;
  while (/^[a-z0-9_.*-]$/.test(r.peek())) r.i++;
  return r.text.slice(start, r.i);
}

function readBareItem(r: Reader): BareItem | null {
  const c = r.peek();
  if (c === '"') return readString(r);
  if (c === ":") return readBytes(r);
  if (c === "?") {
    const flag = r.text[r.i + 1];
    r.i += 2;
    return flag === "1" ? true : flag === "0" ? false : null;
  }
  if (c === "-" || /^[0-9]$/.test(c)) return readInteger(r);
  if (/^[A-Za-z*]$/.test(c)) {
    const start = r.i;
    while (/^[A-Za-z0-9!#$%&'*+.^_`|~:/-]$/.test(r.peek())) r.i++;
    return r.text.slice(start, r.i);
  }
  return null;
}

function readString(r: Reader): string | null {
  r.i++;
  const parts: string[] = [];
  let from = r.i;
  while (r.i < r.text.length) {
    const c = r.peek();
    if (c === "\\") {
      const next = r.text[r.i + 1];
      if (next !== '"' && next !== "\\") return null;
      parts.push(r.text.slice(from, r.i), next);
      r.i += 2;
      from = r.i;
    } else if (c === '"') {
      parts.push(r.text.slice(from, r.i));
      r.i++;
      return parts.join("");
    } else if (c < " " || c > "~") {
      return null;
    } else r.i++;
  }
  return null;
}

function readBytes(r: Reader): Uint8Array | null {
  const end = r.text.indexOf(":", r.i + 1);
  if (end === -1) return null;
  const text = r.text.slice(r.i + 1, end);
  r.i = end + 1;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

function readInteger(r: Reader): number | null {
  const start = r.i;
  if (r.peek() === "-") r.i++;
  const digits = r.i;
  while (/^[0-9]$/.test(r.peek())) r.i++;
  // Decimals are not used by signatures; an integer of more than 15 digits is not one RFC 8941 allows.
  if (r.i === digits || r.i - digits > 15 || r.peek() === ".") return null;
  return Number(r.text.slice(start, r.i));
}
