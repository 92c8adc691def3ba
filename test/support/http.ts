import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import { ORIGIN } from "./seed";

export async function api(
  path: string,
  init: {
    method?: string;
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  return SELF.fetch(`${ORIGIN}${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
}

/** Asserts an RFC 9457 problem response and returns its body. */
export async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const problem = (await response.json()) as {
    type: string;
    title: string;
    status: number;
    detail: string;
    errors?: { pointer: string; detail: string }[];
    parameters?: { parameter: string; in: string; detail: string }[];
  };
  expect(problem.status).toBe(status);
  expect(problem.title).toBeTruthy();
  expect(problem.detail).toBeTruthy();
  return problem;
}

export function pointers(problem: { errors?: { pointer: string }[] }): string[] {
  return (problem.errors ?? []).map((e) => e.pointer);
}

/** The invalid parameters a problem names, as "<in> <name>" (e.g. "path id", "query limit"). */
export function parameters(problem: { parameters?: { parameter: string; in: string }[] }): string[] {
  return (problem.parameters ?? []).map((p) => `${p.in} ${p.parameter}`);
}
