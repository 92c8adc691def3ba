import { env } from "cloudflare:test";
import { eventually } from "./eventually";

export interface IntentRow {
  status: string;
  last_error: string | null;
}

/** Polls the WebSub intent for `callbackUrl` until `done` holds. */
export async function waitForIntent(
  callbackUrl: string,
  done: (row: IntentRow) => boolean,
): Promise<IntentRow> {
  const row = await eventually(
    `intent for ${callbackUrl}`,
    () =>
      env.DB.prepare("SELECT status, last_error FROM websub_intents WHERE callback_url = ?")
        .bind(callbackUrl)
        .first<IntentRow>(),
    (seen) => seen !== null && done(seen),
    15_000,
  );
  return row as IntentRow;
}
