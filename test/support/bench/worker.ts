import type { Env } from "../../../src/env";
import { type DirectDeliveryRequest, deliverDirectly, timeDeliverySteps } from "./delivery-breakdown";
import { BREAKDOWN_STEPS, type BreakdownStep, runBreakdownStep } from "./path-breakdown";
import { type ProbeRequest, probeHotQueries } from "./query-probe";

/**
 * The benchmark's helper Worker (npm run bench), bound to the bench database: `POST /probe` reports rows
 * read and query plans of Ferry's hot paths; `GET /steps` lists and `GET /step/<name>?feed=` runs the
 * parts of an uncached feed request; `POST /deliver-direct` delivers an event without the queue and
 * `POST /delivery-steps` times the parts of its attempts. It lives under test/ so that it is type-checked
 * as Worker code.
 */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === "POST" && url.pathname === "/deliver-direct") {
      return Response.json(await deliverDirectly(env, (await request.json()) as DirectDeliveryRequest));
    }
    if (request.method === "POST" && url.pathname === "/delivery-steps") {
      return Response.json(await timeDeliverySteps(env, (await request.json()) as DirectDeliveryRequest));
    }
    if (request.method === "POST" && url.pathname === "/probe") {
      return Response.json(await probeHotQueries(env.DB, (await request.json()) as ProbeRequest));
    }
    if (url.pathname === "/steps") return Response.json(BREAKDOWN_STEPS);
    const step = url.pathname.replace(/^\/step\//, "");
    if (BREAKDOWN_STEPS.includes(step as BreakdownStep))
      return runBreakdownStep(env.DB, step as BreakdownStep, url, ctx);
    return new Response("unknown bench helper route", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
