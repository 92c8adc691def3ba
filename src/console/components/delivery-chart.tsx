import { chartLayout } from "../charts/chart-geometry";
import { bucketLabel, type ChartBucket, type ChartWindow, windowTotals } from "../charts/delivery-windows";
import { formatDuration, formatUtc } from "../format";

function describe(buckets: readonly ChartBucket[]): string {
  const totals = windowTotals(buckets);
  const attempts = totals.succeeded + totals.failed;
  if (attempts === 0 || totals.meanMs === null || totals.maxMs === null) return "No delivery attempts.";
  return `${attempts} attempts: ${totals.succeeded} succeeded, ${totals.failed} failed. Mean duration ${formatDuration(
    totals.meanMs,
  )}, longest ${formatDuration(totals.maxMs)}.`;
}

/**
 * One window's chart of an endpoint's delivery attempts, drawn by the server as SVG (its colours come from the
 * stylesheet, so it follows light and dark), described in words for screen readers, with every figure in a table.
 */
export function DeliveryChart(props: { window: ChartWindow; buckets: readonly ChartBucket[] }) {
  const { window, buckets } = props;
  const layout = chartLayout(
    buckets,
    buckets.map((bucket) => bucketLabel(window, bucket.startMs)),
  );
  const { box, attempts, duration } = layout;
  const id = `chart-${window.id}`;
  return (
    <figure class="chart" id={id}>
      <figcaption>
        <h3>{window.title}</h3>
      </figcaption>
      <svg
        viewBox={`0 0 ${box.width} ${box.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${id}-title`}>
          Delivery attempts and their duration, {window.title.toLowerCase()} (UTC)
        </title>
        <desc id={`${id}-desc`}>{describe(buckets)}</desc>
        <g class="grid">
          {attempts.ticks.map((tick) => (
            <>
              <line x1={layout.plotLeft} x2={layout.plotRight} y1={tick.y} y2={tick.y} />
              <text x={layout.plotLeft - 6} y={tick.y + 5} text-anchor="end">
                {tick.value}
              </text>
            </>
          ))}
          {duration.ticks.map((tick) => (
            <>
              <line x1={layout.plotLeft} x2={layout.plotRight} y1={tick.y} y2={tick.y} />
              <text x={layout.plotLeft - 6} y={tick.y + 5} text-anchor="end">
                {formatDuration(tick.value)}
              </text>
            </>
          ))}
        </g>
        <text class="panel-title" x={layout.plotLeft} y={attempts.top - 8}>
          Attempts
        </text>
        <g class="bars-succeeded">
          {attempts.succeeded.map((bar) => (
            <rect x={bar.x} y={bar.y} width={bar.width} height={bar.height} />
          ))}
        </g>
        <g class="bars-failed">
          {attempts.failed.map((bar) => (
            <rect x={bar.x} y={bar.y} width={bar.width} height={bar.height} />
          ))}
        </g>
        <text class="panel-title" x={layout.plotLeft} y={duration.top - 8}>
          Duration
        </text>
        <g class="mean">
          {duration.meanRuns.map((points) => (
            <polyline points={points} />
          ))}
          {duration.meanDots.map((dot) => (
            <circle cx={dot.x} cy={dot.y} r="3.5" />
          ))}
        </g>
        <g class="longest">
          {duration.maxDots.map((dot) => (
            <circle cx={dot.x} cy={dot.y} r="3.5" />
          ))}
        </g>
        <g class="time-labels">
          {layout.labels.map((label) => (
            <text x={label.x} y={box.height - 6} text-anchor="middle">
              {label.text}
            </text>
          ))}
        </g>
      </svg>
      <ul class="legend">
        <li>
          <span class="swatch succeeded" /> Succeeded
        </li>
        <li>
          <span class="swatch failed" /> Failed
        </li>
        <li>
          <span class="swatch mean" /> Mean duration
        </li>
        <li>
          <span class="swatch longest" /> Longest
        </li>
      </ul>
      <details>
        <summary>The figures of this chart</summary>
        <FiguresTable buckets={buckets} caption={`${window.title}, each row from the time shown (UTC)`} />
      </details>
    </figure>
  );
}

function FiguresTable(props: { buckets: readonly ChartBucket[]; caption: string }) {
  return (
    <table>
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">Succeeded</th>
          <th scope="col">Failed</th>
          <th scope="col">Mean duration</th>
          <th scope="col">Longest</th>
        </tr>
      </thead>
      <tbody>
        {props.buckets.map((bucket) => (
          <tr>
            <th scope="row">{formatUtc(bucket.startMs)}</th>
            <td class="num">{bucket.succeeded}</td>
            <td class="num">{bucket.failed}</td>
            <td class="num">{bucket.meanMs === null ? "–" : formatDuration(bucket.meanMs)}</td>
            <td class="num">{bucket.maxMs === null ? "–" : formatDuration(bucket.maxMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
