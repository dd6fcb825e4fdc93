// Merging samples into hourly rollups and summarising rollups into window figures.

import { DDSketch } from '@datadog/sketches-js';
import { isUnit, type MetricSample, type Rollup } from '../core/index.ts';
import { hourOf, normaliseDimensions, seriesId } from './series.ts';

/** Quantiles read from the sketch are within 1% of the true value (DDSketch's guarantee). */
export const RELATIVE_ACCURACY = 0.01;
/** How many of the largest and of the smallest samples each hourly rollup keeps as evidence. */
export const WORST_KEPT = 5;

export class RollupMergeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RollupMergeError';
  }
}

const newSketch = (): DDSketch => new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });

/**
 * The sketch's bins as compact JSON: { k: first key, b: counts from k on, z: zero count }. The
 * library's own protobuf form needs protobufjs, which it does not ship as a dependency.
 */
interface EncodedSketch {
  k: number;
  b: number[];
  z: number;
}

const decodeSketch = (encoded: string): DDSketch => {
  const sketch = newSketch();
  if (!encoded) return sketch;
  const data = JSON.parse(encoded) as EncodedSketch;
  data.b.forEach((n, i) => {
    if (n > 0) sketch.store.add(data.k + i, n);
  });
  sketch.zeroCount = data.z;
  sketch.count = sketch.store.count + data.z;
  return sketch;
};

const encodeSketch = (sketch: DDSketch): string => {
  const { store } = sketch;
  const bins: number[] = [];
  for (let key = store.minKey; key <= store.maxKey; key++) bins.push(store.bins[key - store.offset] ?? 0);
  const data: EncodedSketch = {
    k: store.count > 0 ? store.minKey : 0,
    b: store.count > 0 ? bins : [],
    z: sketch.zeroCount,
  };
  return JSON.stringify(data);
};

/**
 * The sketch of an hour whose `worst` holds every one of its samples, from those samples: what
 * mergeIntoRollup encoded for them (DDSketch bins do not depend on the order of the values).
 */
export const sketchOfValues = (values: readonly number[]): string => {
  const sketch = newSketch();
  for (const v of values) sketch.accept(Math.max(0, v));
  return encodeSketch(sketch);
};

/**
 * Keeps the extremes at both ends: the largest values are the worst cases of a duration, the
 * smallest the worst of an uptime percentage.
 */
const keepWorst = (worst: Rollup['worst']): Rollup['worst'] => {
  const sorted = [...worst].sort((a, b) => b.value - a.value || a.at.localeCompare(b.at));
  if (sorted.length <= 2 * WORST_KEPT) return sorted;
  return [...sorted.slice(0, WORST_KEPT), ...sorted.slice(-WORST_KEPT)];
};

/**
 * Adds samples (all of one series and hour) to a rollup, or starts one. A caller that has
 * already grouped the samples passes the group, which skips the per-sample check. With
 * `sketchless`, a result whose `worst` keeps every sample (at most 2 × WORST_KEPT) gets an empty
 * sketch: the caller stores it so and rebuilds it from those samples (sketchOfValues) when read.
 */
export const mergeIntoRollup = (
  existing: Rollup | undefined,
  samples: MetricSample[],
  group?: { series: string; hour: string; sketchless?: boolean },
): Rollup => {
  const first = samples[0];
  if (!first && !existing) throw new RollupMergeError('nothing to merge: no rollup and no samples');
  const metric = existing?.metric ?? first?.metric ?? '';
  const dimensions = existing?.dimensions ?? normaliseDimensions(first?.dimensions ?? {});
  const series = existing?.series ?? group?.series ?? seriesId(metric, dimensions);
  const hour = existing?.hour ?? group?.hour ?? hourOf(first?.at ?? '');
  const whole =
    group?.sketchless === true &&
    (existing === undefined || existing.worst.length === existing.count) &&
    (existing?.count ?? 0) + samples.length <= 2 * WORST_KEPT;
  const sketch = whole ? undefined : decodeSketch(existing?.sketch ?? '');
  let { count, sum, min, max } = existing ?? {
    count: 0,
    sum: 0,
    min: Number.POSITIVE_INFINITY,
    max: -Infinity,
  };
  const worst = [...(existing?.worst ?? [])];
  for (const s of samples) {
    if (!group && (seriesId(s.metric, s.dimensions) !== series || hourOf(s.at) !== hour)) {
      throw new RollupMergeError(
        `sample of ${seriesId(s.metric, s.dimensions)} at ${s.at} is not in ${series} ${hour}`,
      );
    }
    // DDSketch stores non-negative values here; metrics are durations and percentages.
    sketch?.accept(Math.max(0, s.value));
    count += 1;
    sum += s.value;
    min = Math.min(min, s.value);
    max = Math.max(max, s.value);
    worst.push(s.ref ? { value: s.value, at: s.at, ref: s.ref } : { value: s.value, at: s.at });
  }
  return {
    series,
    metric,
    dimensions,
    hour,
    unit: existing?.unit ?? first?.unit ?? '',
    count,
    sum,
    min,
    max,
    sketch: sketch ? encodeSketch(sketch) : '',
    worst: keepWorst(worst),
  };
};

export interface SeriesSummary {
  count: number;
  sum: number;
  min: number;
  max: number;
  mean: number;
  /** Value at quantile q (0..1), within RELATIVE_ACCURACY of the exact one. */
  quantile(q: number): number;
  /** Samples at or under x (values within RELATIVE_ACCURACY of x may fall either side). */
  countAtMost(x: number): number;
  countAtLeast(x: number): number;
  worst: Rollup['worst'];
}

/**
 * When every hourly rollup still holds all its samples (few cases an hour, e.g. daily uptime),
 * counts and percentiles are computed exactly: a sketch's 1% bins are as wide as the whole range
 * that matters for an uptime percentage.
 */
const exactSummary = (rollups: Rollup[]): SeriesSummary | null => {
  const filled = rollups.filter((r) => r.count > 0);
  if (filled.length === 0 || filled.some((r) => r.worst.length < r.count)) return null;
  const cases = filled.flatMap((r) => r.worst).sort((a, b) => a.value - b.value);
  const values = cases.map((c) => c.value);
  const count = values.length;
  const sum = filled.reduce((n, r) => n + r.sum, 0);
  const min = values[0] ?? 0;
  const max = values[count - 1] ?? 0;
  return {
    count,
    sum,
    min,
    max,
    mean: sum / count,
    quantile: (q) => values[Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1))] ?? 0,
    countAtMost: (x) => values.filter((v) => v <= x).length,
    countAtLeast: (x) => values.filter((v) => v >= x).length,
    worst: cases,
  };
};

/**
 * Folds rollups of one series into the figures of a window: exact when every hour kept all its
 * samples, from the merged sketches otherwise.
 */
export const summarise = (rollups: Rollup[]): SeriesSummary | null => {
  const exact = exactSummary(rollups);
  if (exact) return exact;
  const filled = rollups.filter((r) => r.count > 0);
  if (filled.length === 0) return null;
  const sketch = newSketch();
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let worst: Rollup['worst'] = [];
  for (const r of filled) {
    sketch.merge(decodeSketch(r.sketch));
    count += r.count;
    sum += r.sum;
    min = Math.min(min, r.min);
    max = Math.max(max, r.max);
    worst = keepWorst([...worst, ...r.worst]);
  }
  const { store, mapping } = sketch;
  /** Samples whose sketch bin is at or under the bin of x (x included). */
  const countUpToKey = (limit: number): number => {
    let n = sketch.zeroCount;
    for (let i = 0; i < store.bins.length; i++) {
      if (i + store.offset > limit) break;
      n += store.bins[i] ?? 0;
    }
    return Math.min(n, count);
  };
  const countAtMost = (x: number): number => {
    if (x < min) return 0;
    if (x >= max) return count;
    if (x < mapping.minPossible) return sketch.zeroCount;
    return countUpToKey(mapping.key(x));
  };
  const countAtLeast = (x: number): number => {
    if (x <= min) return count;
    if (x > max) return 0;
    if (x < mapping.minPossible) return count - sketch.zeroCount;
    return count - countUpToKey(mapping.key(x) - 1);
  };
  return {
    count,
    sum,
    min,
    max,
    mean: sum / count,
    quantile: (q) => {
      if (q <= 0) return min;
      if (q >= 1) return max;
      return Math.min(max, Math.max(min, sketch.getValueAtQuantile(q)));
    },
    countAtMost,
    countAtLeast,
    worst,
  };
};

const HOUR_MS = 3_600_000;

export interface ClippedRollups {
  /** The rollups (or the parts of them) dated inside the span. */
  rollups: Rollup[];
  /** Samples in hours that straddle an edge of the span and could not be split (see below). */
  unsplit: number;
}

/**
 * The rollups of the hours inside [from, to). Rollups are UTC hours, so in a zone with a
 * half-hour offset (Asia/Kolkata, Australia/Adelaide) local midnight falls mid-hour and one hour
 * straddles each week or month boundary. Such an hour is split exactly when it kept all its
 * samples (at most WORST_KEPT × 2 of them); otherwise it goes whole to the span holding its first
 * minute, as the rule text says, and its samples are counted in `unsplit` on both sides.
 */
export const clipRollups = (rollups: Rollup[], from: string, to: string): ClippedRollups => {
  const lo = new Date(from).getTime();
  const hi = new Date(to).getTime();
  const out: Rollup[] = [];
  let unsplit = 0;
  for (const r of rollups) {
    if (r.count <= 0) continue;
    const start = new Date(`${r.hour}:00:00.000Z`).getTime();
    const end = start + HOUR_MS;
    if (start >= lo && end <= hi) {
      out.push(r);
      continue;
    }
    if (end <= lo || start >= hi) continue;
    const unit = r.unit;
    if (r.worst.length >= r.count && isUnit(unit)) {
      const inside = r.worst.filter((w) => {
        const at = new Date(w.at).getTime();
        return at >= lo && at < hi;
      });
      if (inside.length === 0) continue;
      const samples: MetricSample[] = inside.map((w) => ({
        metric: r.metric,
        dimensions: r.dimensions,
        unit,
        value: w.value,
        at: w.at,
        ...(w.ref ? { ref: w.ref } : {}),
      }));
      out.push(mergeIntoRollup(undefined, samples, { series: r.series, hour: r.hour }));
      continue;
    }
    unsplit += r.count;
    if (start >= lo) out.push(r);
  }
  return { rollups: out, unsplit };
};
