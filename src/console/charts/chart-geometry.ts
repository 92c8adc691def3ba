import type { ChartBucket } from "./delivery-windows";

export interface ChartBox {
  width: number;
  height: number;
  /** Room left of the plots for the axis labels. */
  left: number;
  right: number;
  top: number;
  /** Between the two panels, for the lower panel's heading. */
  gap: number;
  /** Below the lower panel, for the time labels. */
  bottom: number;
}

export const CHART_BOX: ChartBox = {
  width: 600,
  height: 300,
  left: 60,
  right: 26,
  top: 22,
  gap: 38,
  bottom: 28,
};

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Tick {
  y: number;
  value: number;
}

export interface Panel {
  top: number;
  bottom: number;
  /** The scale's top: a round number at or above the largest value. */
  max: number;
  ticks: Tick[];
}

export interface ChartLayout {
  box: ChartBox;
  plotLeft: number;
  plotRight: number;
  attempts: Panel & { succeeded: Rect[]; failed: Rect[] };
  duration: Panel & {
    /** Runs of consecutive buckets with attempts, each an SVG `points` list. */
    meanRuns: string[];
    meanDots: { x: number; y: number }[];
    maxDots: { x: number; y: number }[];
  };
  labels: { x: number; text: string }[];
}

/** The smallest of 1, 2 and 5 times a power of ten that is at least `value` (1 for nothing). */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** The scale's ticks: zero, the middle when it is a whole number (or halves are fine), and the top. */
export function axisTicks(max: number, wholeNumbers: boolean): number[] {
  const middle = max / 2;
  return !wholeNumbers || Number.isInteger(middle) ? [0, middle, max] : [0, max];
}

const round = (n: number) => Math.round(n * 10) / 10;

function panel(top: number, bottom: number, largest: number, wholeNumbers: boolean): Panel {
  const max = niceCeiling(largest);
  const ticks = axisTicks(max, wholeNumbers).map((value) => ({
    value,
    y: round(bottom - (value / max) * (bottom - top)),
  }));
  return { top, bottom, max, ticks };
}

/**
 * Where everything of a delivery chart goes, in SVG user units: two panels over the same buckets, attempts above
 * (succeeded and failed, stacked) and their duration below (the mean as a line, the longest as dots). Pure: the
 * page only draws what this returns.
 */
export function chartLayout(
  buckets: readonly ChartBucket[],
  labels: readonly (string | null)[],
  box: ChartBox = CHART_BOX,
): ChartLayout {
  const plotLeft = box.left;
  const plotRight = box.width - box.right;
  const slot = (plotRight - plotLeft) / Math.max(buckets.length, 1);
  const inner = box.height - box.top - box.gap - box.bottom;
  const attemptsBottom = box.top + Math.round(inner * 0.55);
  const durationTop = attemptsBottom + box.gap;
  const durationBottom = box.height - box.bottom;
  const centre = (i: number) => round(plotLeft + (i + 0.5) * slot);

  const attempts = panel(
    box.top,
    attemptsBottom,
    Math.max(0, ...buckets.map((b) => b.succeeded + b.failed)),
    true,
  );
  const perAttempt = (attemptsBottom - box.top) / attempts.max;
  const barWidth = round(slot * 0.7);
  const succeeded: Rect[] = [];
  const failed: Rect[] = [];
  buckets.forEach((bucket, i) => {
    const x = round(plotLeft + i * slot + slot * 0.15);
    const okHeight = round(bucket.succeeded * perAttempt);
    const failedHeight = round(bucket.failed * perAttempt);
    if (okHeight > 0)
      succeeded.push({ x, y: round(attemptsBottom - okHeight), width: barWidth, height: okHeight });
    if (failedHeight > 0) {
      failed.push({
        x,
        y: round(attemptsBottom - okHeight - failedHeight),
        width: barWidth,
        height: failedHeight,
      });
    }
  });

  const durationPanel = panel(
    durationTop,
    durationBottom,
    Math.max(0, ...buckets.map((b) => b.maxMs ?? 0)),
    false,
  );
  const yOf = (ms: number) =>
    round(durationBottom - (ms / durationPanel.max) * (durationBottom - durationTop));
  const meanDots: { x: number; y: number }[] = [];
  const maxDots: { x: number; y: number }[] = [];
  const meanRuns: string[] = [];
  let run: string[] = [];
  buckets.forEach((bucket, i) => {
    if (bucket.meanMs === null || bucket.maxMs === null) {
      if (run.length > 1) meanRuns.push(run.join(" "));
      run = [];
      return;
    }
    const dot = { x: centre(i), y: yOf(bucket.meanMs) };
    meanDots.push(dot);
    maxDots.push({ x: centre(i), y: yOf(bucket.maxMs) });
    run.push(`${dot.x},${dot.y}`);
  });
  if (run.length > 1) meanRuns.push(run.join(" "));

  return {
    box,
    plotLeft,
    plotRight,
    attempts: { ...attempts, succeeded, failed },
    duration: { ...durationPanel, meanRuns, meanDots, maxDots },
    labels: labels.flatMap((text, i) => (text === null ? [] : [{ x: centre(i), text }])),
  };
}
