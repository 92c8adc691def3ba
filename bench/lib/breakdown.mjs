// Where an uncached feed request's time goes: each cumulative prefix of it (one D1 round trip, the feed
// state query, the entity tag, the page query, rendering), rendering alone, a Cache API read and a log
// line, each run by the bench helper Worker with Ferry's own functions, under the same load as the figures.
import { measureAlternating, measureLoad, round, summarize } from "./load.mjs";

/**
 * Rendering CPU alone: one connection, a request that renders the page 50 times against one that only
 * writes a log line; the difference in median latency over 50 is one RSS rendering of the page.
 */
export async function measureRenderCost({ helperUrl, feed, load }) {
  const [floor, renders] = await measureAlternating({
    url: helperUrl,
    requests: [{ path: `/step/log-line?feed=${feed}` }, { path: `/step/render-x50?feed=${feed}` }],
    durationS: load.breakdownDurationS,
    warmupS: load.warmupS,
  });
  const floorP50 = summarize(floor).p50;
  const rendersP50 = summarize(renders).p50;
  return { floorP50, rendersP50, msPerRender: round((rendersP50 - floorP50) / 50, 4) };
}

export async function measureBreakdown({ helperUrl, feed, load }) {
  const names = await (await fetch(`${helperUrl}/steps`)).json();
  const steps = {};
  for (const step of names.filter((name) => name !== "render-x50")) {
    const result = await measureLoad({
      url: `${helperUrl}/step/${step}?feed=${feed}`,
      connections: load.connections,
      durationS: load.breakdownDurationS,
      warmupS: load.warmupS,
    });
    steps[step] = { rps: result.rps, bytesPerResponse: result.bytesPerResponse, latencyMs: result.latencyMs };
  }
  return steps;
}
