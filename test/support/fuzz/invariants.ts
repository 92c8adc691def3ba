import type { PreparedCase } from "./materialise";

/** An invariant the Worker broke, with what is needed to see why. */
export class InvariantViolation extends Error {
  override name = "InvariantViolation";
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** The first `max` characters of a body, for a failure message. */
export function excerpt(text: string, max = 600): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}

function violation(prepared: PreparedCase, answer: Answer, what: string): InvariantViolation {
  return new InvariantViolation(
    `${what}\n  request: ${prepared.method} ${excerpt(prepared.url, 300)}\n  answer: ${answer.status} ` +
      `${answer.headers.get("content-type") ?? "(no content-type)"} ${excerpt(answer.text)}`,
  );
}

const PROBLEM_TYPE = /^application\/problem\+json\s*(;|$)/i;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(;|$)/i;

/**
 * What every answer must satisfy, whatever was sent: no 5xx (not even /healthz's 503 here), every 4xx an
 * RFC 9457 problem whose `status` is the answer's, the headers a 401, 405 and 429 owe the client, JSON that
 * parses, empty 204/304 bodies, and the request id and nosniff header every response carries.
 */
export function checkAnswer(prepared: PreparedCase, answer: Answer): void {
  const fail = (what: string) => violation(prepared, answer, what);
  const type = answer.headers.get("content-type") ?? "";
  if (answer.status >= 500) throw fail(`server error ${answer.status}`);
  if (answer.status === 410 && isTombstone(type, prepared.method === "HEAD" ? null : answer.text)) {
    // ActivityPub (§3.1) answers a deleted object's id with 410 and a Tombstone, not a problem.
  } else if (answer.status >= 400) {
    if (!PROBLEM_TYPE.test(type)) throw fail(`a ${answer.status} that is not application/problem+json`);
    if (prepared.method !== "HEAD") checkProblemBody(answer, fail);
    if (answer.status === 401 && !answer.headers.get("www-authenticate"))
      throw fail("401 without WWW-Authenticate");
    if (answer.status === 405 && !answer.headers.get("allow")) throw fail("405 without Allow");
    if (answer.status === 429 && !answer.headers.get("retry-after")) throw fail("429 without Retry-After");
  } else if (JSON_TYPE.test(type) && answer.text !== "") {
    try {
      JSON.parse(answer.text);
    } catch {
      throw fail("a JSON answer that does not parse");
    }
  }
  if ((answer.status === 204 || answer.status === 304) && answer.text !== "")
    throw fail(`a ${answer.status} with a body`);
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(answer.headers.get("x-request-id") ?? ""))
    throw fail("no sane x-request-id");
  if (answer.headers.get("x-content-type-options") !== "nosniff")
    throw fail("no x-content-type-options: nosniff");
}

/** An ActivityPub answer holding a Tombstone (`text` null: a HEAD, whose body is not sent). */
function isTombstone(type: string, text: string | null): boolean {
  if (!/^application\/(activity\+json|ld\+json)\s*(;|$)/i.test(type)) return false;
  if (text === null) return true;
  try {
    return (JSON.parse(text) as { type?: unknown }).type === "Tombstone";
  } catch {
    return false;
  }
}

function checkProblemBody(answer: Answer, fail: (what: string) => Error): void {
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    throw fail("a problem body that is not JSON");
  }
  if (typeof problem !== "object" || problem === null) throw fail("a problem body that is not an object");
  for (const member of ["type", "title", "detail"]) {
    if (typeof problem[member] !== "string" || problem[member] === "")
      throw fail(`a problem without a ${member}`);
  }
  if (problem.status !== answer.status) throw fail(`a problem whose status is ${String(problem.status)}`);
}

const RFC3339_PARTS =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const RFC3339_OUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The instant an RFC 3339 date-time names, computed independently of Ferry (years 0000-0099 included). */
function instantOf(text: string): number | null {
  const m = RFC3339_PARTS.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  const date = new Date(0);
  date.setUTCFullYear(year as number, (month as number) - 1, day as number);
  date.setUTCHours(
    hour as number,
    minute as number,
    second as number,
    m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0,
  );
  const offset = m[8] ? (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) : 0;
  return date.getTime() - offset * 60_000;
}

/**
 * An accepted article write answers with the dates it was sent: the same instant, written as RFC 3339 (the
 * API's and the feeds' format), so no date is silently moved or written in a form readers cannot parse.
 */
export function checkDatesEchoed(
  prepared: PreparedCase,
  sent: unknown,
  answer: Answer,
  article: Record<string, unknown>,
): void {
  if (typeof sent !== "object" || sent === null) return;
  for (const field of ["date_published", "date_modified"]) {
    const input = (sent as Record<string, unknown>)[field];
    if (typeof input !== "string") continue;
    const expected = instantOf(input);
    const echoed = article[field];
    if (expected === null || typeof echoed !== "string") continue;
    if (!RFC3339_OUT.test(echoed) || Date.parse(echoed) !== expected) {
      throw violation(
        prepared,
        answer,
        `${field} ${JSON.stringify(input)} came back as ${JSON.stringify(echoed)} (expected ${new Date(expected).toISOString()})`,
      );
    }
  }
}
