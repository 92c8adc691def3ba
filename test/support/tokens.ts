import { env } from "cloudflare:test";
import { expect } from "vitest";
import { api } from "./http";

/** A token as the tokens API answers; `token` (the secret) only on create and rotate. */
export interface TokenBody {
  id: string;
  label: string;
  role: string;
  feeds: string[] | null;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  token?: string;
}

/** Creates a token through the API with `admin` and returns the answer, secret included. */
export async function issueToken(
  admin: string,
  body: Record<string, unknown>,
): Promise<TokenBody & { token: string }> {
  const response = await api("/v1/tokens", { token: admin, body: { label: "test", ...body } });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as TokenBody & { token: string };
}

/** Every stored column of a token row, to prove the secret is not among them. */
export async function storedTokenRow(publicId: string): Promise<Record<string, unknown>> {
  const row = await env.DB.prepare("SELECT * FROM api_tokens WHERE public_id = ?").bind(publicId).first();
  expect(row).not.toBeNull();
  return row as Record<string, unknown>;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
