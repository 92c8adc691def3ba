import { env } from "cloudflare:test";

export interface IntentRow {
  status: string;
  last_error: string | null;
}

/** Polls the WebSub intent for `callbackUrl` until `done` holds. */
export async function waitForIntent(
  callbackUrl: string,
  done: (row: IntentRow) => boolean,
): Promise<IntentRow> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const row = await env.DB.prepare("SELECT status, last_error FROM websub_intents WHERE callback_url = ?")
      .bind(callbackUrl)
      .first<IntentRow>();
    if (row && done(row)) return row;
    if (Date.now() > deadline)
      throw new Error(`intent for ${callbackUrl} never settled: ${JSON.stringify(row)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
