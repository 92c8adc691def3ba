import type { AttemptSlot } from "../../db/delivery-chart";

/** The slot the database tallies attempts by; every chart bucket is a whole number of them. */
export const HOUR_MS = 3_600_000;

/** One chart: `count` buckets of `bucketHours` each, the last one holding now, aligned to UTC. */
export interface ChartWindow {
  id: "day" | "week";
  title: string;
  bucketHours: number;
  count: number;
}

export const CHART_WINDOWS: readonly ChartWindow[] = [
  { id: "day", title: "Last 24 hours", bucketHours: 1, count: 24 },
  { id: "week", title: "Last 7 days", bucketHours: 6, count: 28 },
];

/** One bar of a chart: its attempts, and their mean and longest duration (null without attempts). */
export interface ChartBucket {
  startMs: number;
  endMs: number;
  succeeded: number;
  failed: number;
  totalMs: number;
  meanMs: number | null;
  maxMs: number | null;
}

function firstHour(window: ChartWindow, nowMs: number): number {
  const nowHour = Math.floor(nowMs / HOUR_MS);
  return (Math.floor(nowHour / window.bucketHours) - window.count + 1) * window.bucketHours;
}

/** Where the read for every window starts: the earliest first bucket. */
export function chartSinceMs(windows: readonly ChartWindow[], nowMs: number): number {
  return Math.min(...windows.map((window) => firstHour(window, nowMs))) * HOUR_MS;
}

/** The hourly tallies folded into the window's buckets, oldest first; hours outside it are left out. */
export function bucketsOf(slots: readonly AttemptSlot[], window: ChartWindow, nowMs: number): ChartBucket[] {
  const first = firstHour(window, nowMs);
  const sums = Array.from({ length: window.count }, () => ({
    succeeded: 0,
    failed: 0,
    totalMs: 0,
    maxMs: -1,
  }));
  for (const slot of slots) {
    const sum = sums[Math.floor((slot.slot - first) / window.bucketHours)];
    if (slot.slot < first || !sum) continue;
    sum.succeeded += slot.succeeded;
    sum.failed += slot.failed;
    sum.totalMs += slot.totalMs;
    sum.maxMs = Math.max(sum.maxMs, slot.maxMs);
  }
  return sums.map((sum, i) => {
    const attempts = sum.succeeded + sum.failed;
    const startMs = (first + i * window.bucketHours) * HOUR_MS;
    return {
      startMs,
      endMs: startMs + window.bucketHours * HOUR_MS,
      succeeded: sum.succeeded,
      failed: sum.failed,
      totalMs: sum.totalMs,
      meanMs: attempts === 0 ? null : Math.round(sum.totalMs / attempts),
      maxMs: attempts === 0 ? null : sum.maxMs,
    };
  });
}

/** A whole window in figures, for the chart's description. */
export function windowTotals(buckets: readonly ChartBucket[]) {
  const succeeded = buckets.reduce((n, b) => n + b.succeeded, 0);
  const failed = buckets.reduce((n, b) => n + b.failed, 0);
  const totalMs = buckets.reduce((n, b) => n + b.totalMs, 0);
  const maxima = buckets.flatMap((b) => (b.maxMs === null ? [] : [b.maxMs]));
  return {
    succeeded,
    failed,
    meanMs: succeeded + failed === 0 ? null : Math.round(totalMs / (succeeded + failed)),
    maxMs: maxima.length === 0 ? null : Math.max(...maxima),
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The label under a bucket, or null: every sixth hour on an hourly chart, else every midnight (UTC). */
export function bucketLabel(window: ChartWindow, startMs: number): string | null {
  const date = new Date(startMs);
  const hour = date.getUTCHours();
  if (window.bucketHours === 1) {
    return hour % 6 === 0 ? `${String(hour).padStart(2, "0")}:00` : null;
  }
  return hour === 0 ? `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}` : null;
}
