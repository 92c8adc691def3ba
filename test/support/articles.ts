import { expect } from "vitest";
import type { ArticleOutput } from "../../src/domain/api-schemas";
import { api } from "./http";
import { SAMPLE_ARTICLE } from "./seed";

/** Publishes an article through the API (the sample unless `body` is given), expecting 201; returns it as stored. */
export async function publish(
  slug: string,
  token: string,
  body: unknown = SAMPLE_ARTICLE,
): Promise<ArticleOutput> {
  const response = await api(`/v1/feeds/${slug}/articles`, { token, body });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as ArticleOutput;
}
