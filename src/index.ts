import type { Env } from "./env";

export default {
  fetch: () => new Response("ok"),
} satisfies ExportedHandler<Env>;
