import { describe, expect, it } from "vitest";
import {
  axisTicks,
  CHART_BOX,
  chartLayout,
  niceCeiling,
  type Rect,
} from "../../src/console/charts/chart-geometry";
import {
  bucketLabel,
  bucketsOf,
  CHART_WINDOWS,
  type ChartBucket,
  chartSinceMs,
  HOUR_MS,
  windowTotals,
} from "../../src/console/charts/delivery-windows";

const [DAY, WEEK] = CHART_WINDOWS as [(typeof CHART_WINDOWS)[0], (typeof CHART_WINDOWS)[0]];
// 2026-11-24 13:20 UTC: the current hour is 13:00, the current six hours 12:00-18:00.
const NOW = Date.UTC(2026, 10, 24, 13, 20);
const hourOf = (ms: number) => Math.floor(ms / HOUR_MS);

const slot = (at: number, succeeded: number, failed: number, totalMs: number, maxMs: number) => ({
  slot: hourOf(at),
  succeeded,
  failed,
  totalMs,
  maxMs,
});

function bucket(fields: Partial<ChartBucket>): ChartBucket {
  return {
    startMs: 0,
    endMs: HOUR_MS,
    succeeded: 0,
    failed: 0,
    totalMs: 0,
    meanMs: null,
    maxMs: null,
    ...fields,
  };
}

describe("chart windows", () => {
  it("end with the bucket holding now, aligned to UTC hours and six-hour blocks", () => {
    const day = bucketsOf([], DAY, NOW);
    expect(day).toHaveLength(24);
    expect(day.at(-1)?.startMs).toBe(Date.UTC(2026, 10, 24, 13));
    expect(day[0]?.startMs).toBe(Date.UTC(2026, 10, 23, 14));
    const week = bucketsOf([], WEEK, NOW);
    expect(week).toHaveLength(28);
    expect(week.at(-1)?.startMs).toBe(Date.UTC(2026, 10, 24, 12));
    expect(week.at(-1)?.endMs).toBe(Date.UTC(2026, 10, 24, 18));
    expect(week[0]?.startMs).toBe(Date.UTC(2026, 10, 17, 18));
    expect(chartSinceMs(CHART_WINDOWS, NOW)).toBe(Date.UTC(2026, 10, 17, 18));
  });

  it("fold hourly tallies into their buckets: counts add, the mean weighs every attempt, the longest wins", () => {
    const slots = [
      slot(Date.UTC(2026, 10, 24, 12, 5), 3, 1, 400, 250),
      slot(Date.UTC(2026, 10, 24, 13, 1), 1, 0, 1000, 1000),
      slot(Date.UTC(2026, 10, 24, 9), 2, 0, 100, 60),
      // Before either window: left out.
      slot(Date.UTC(2026, 10, 1), 9, 9, 9, 9),
    ];
    const day = bucketsOf(slots, DAY, NOW);
    expect(day.at(-1)).toMatchObject({ succeeded: 1, failed: 0, meanMs: 1000, maxMs: 1000 });
    expect(day.at(-2)).toMatchObject({ succeeded: 3, failed: 1, meanMs: 100, maxMs: 250 });
    expect(day.at(-3)).toMatchObject({ succeeded: 0, failed: 0, meanMs: null, maxMs: null });
    const week = bucketsOf(slots, WEEK, NOW);
    expect(week.at(-1)).toMatchObject({ succeeded: 4, failed: 1, totalMs: 1400, meanMs: 280, maxMs: 1000 });
    expect(week.at(-2)).toMatchObject({ succeeded: 2, failed: 0, meanMs: 50, maxMs: 60 });
    expect(windowTotals(week)).toEqual({ succeeded: 6, failed: 1, meanMs: 214, maxMs: 1000 });
    expect(windowTotals(bucketsOf([], WEEK, NOW))).toEqual({
      succeeded: 0,
      failed: 0,
      meanMs: null,
      maxMs: null,
    });
  });

  it("label every sixth hour of the day chart and every midnight of the week chart", () => {
    expect(bucketLabel(DAY, Date.UTC(2026, 10, 24, 6))).toBe("06:00");
    expect(bucketLabel(DAY, Date.UTC(2026, 10, 24, 7))).toBeNull();
    expect(bucketLabel(WEEK, Date.UTC(2026, 10, 24, 0))).toBe("24 Nov");
    expect(bucketLabel(WEEK, Date.UTC(2026, 10, 24, 6))).toBeNull();
  });
});

describe("chart geometry", () => {
  it("rounds a scale up to 1, 2 or 5 times a power of ten, and ticks it in whole numbers where asked", () => {
    expect([0, 1, 3, 5, 7, 10, 11, 150, 2001].map(niceCeiling)).toEqual([1, 1, 5, 5, 10, 10, 20, 200, 5000]);
    expect(axisTicks(10, true)).toEqual([0, 5, 10]);
    expect(axisTicks(5, true)).toEqual([0, 5]);
    expect(axisTicks(5, false)).toEqual([0, 2.5, 5]);
  });

  it("stacks failed attempts on succeeded ones, bottom-aligned, on a shared scale", () => {
    const layout = chartLayout(
      [bucket({ succeeded: 6, failed: 4 }), bucket({}), bucket({ succeeded: 0, failed: 5 })],
      [null, null, null],
    );
    const { attempts } = layout;
    expect(attempts.max).toBe(10);
    const height = attempts.bottom - attempts.top;
    expect(attempts.succeeded).toHaveLength(1);
    expect(attempts.failed).toHaveLength(2);
    const [ok] = attempts.succeeded as [Rect];
    const [failedOnTop, failedAlone] = attempts.failed as [Rect, Rect];
    expect(ok.y + ok.height).toBeCloseTo(attempts.bottom, 0);
    expect(ok.height).toBeCloseTo(height * 0.6, 0);
    expect(failedOnTop.y + failedOnTop.height).toBeCloseTo(ok.y, 0);
    expect(failedOnTop.height).toBeCloseTo(height * 0.4, 0);
    expect(failedAlone.y + failedAlone.height).toBeCloseTo(attempts.bottom, 0);
    expect(failedAlone.height).toBeCloseTo(height * 0.5, 0);
    // Each bar sits inside its bucket's slot, left to right.
    const slotWidth = (layout.plotRight - layout.plotLeft) / 3;
    expect(ok.x).toBeGreaterThan(layout.plotLeft);
    expect(ok.x + ok.width).toBeLessThan(layout.plotLeft + slotWidth);
    expect(failedAlone.x).toBeGreaterThan(layout.plotLeft + 2 * slotWidth);
    expect(failedAlone.x + failedAlone.width).toBeLessThan(layout.plotRight);
    expect(attempts.ticks.map((tick) => tick.value)).toEqual([0, 5, 10]);
    expect(attempts.ticks[0]?.y).toBe(attempts.bottom);
    expect(attempts.ticks[2]?.y).toBe(attempts.top);
  });

  it("draws the mean duration as runs of points broken where a bucket had no attempts, and the longest as dots", () => {
    const layout = chartLayout(
      [
        bucket({ succeeded: 1, meanMs: 100, maxMs: 200 }),
        bucket({ succeeded: 1, meanMs: 300, maxMs: 400 }),
        bucket({}),
        bucket({ succeeded: 1, meanMs: 50, maxMs: 50 }),
      ],
      ["00:00", null, null, "03:00"],
    );
    const { duration } = layout;
    expect(duration.max).toBe(500);
    expect(duration.meanRuns).toHaveLength(1);
    expect(duration.meanRuns[0]?.split(" ")).toHaveLength(2);
    expect(duration.meanDots).toHaveLength(3);
    const yOf = (ms: number) => duration.bottom - (ms / 500) * (duration.bottom - duration.top);
    expect(duration.maxDots[1]?.y).toBeCloseTo(yOf(400), 0);
    expect(duration.meanDots[2]?.y).toBeCloseTo(yOf(50), 0);
    expect(duration.top).toBeGreaterThan(layout.attempts.bottom);
    expect(duration.bottom).toBe(CHART_BOX.height - CHART_BOX.bottom);
    expect(layout.labels.map((label) => label.text)).toEqual(["00:00", "03:00"]);
    expect(layout.labels[1]?.x).toBeCloseTo(duration.meanDots[2]?.x as number, 5);
  });

  it("draws an empty chart with its axes and nothing on them", () => {
    const layout = chartLayout(
      Array.from({ length: 24 }, () => bucket({})),
      Array(24).fill(null),
    );
    expect(layout.attempts.succeeded).toEqual([]);
    expect(layout.attempts.failed).toEqual([]);
    expect(layout.duration.meanRuns).toEqual([]);
    expect(layout.attempts.ticks.map((tick) => tick.value)).toEqual([0, 1]);
  });
});
