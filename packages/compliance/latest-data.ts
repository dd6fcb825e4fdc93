// Where the stored data ends, for choosing the week to grade when none is named: the latest sample
// of any metric that backs a stored promise, found by reading back week by week from `before`.

import type { BusinessCalendar } from '../calendar/index.ts';
import {
  latestCompleteWeek,
  latestWeekWithData,
  previousWeek,
  type SeriesKey,
  type ServicePromise,
  type Store,
  type Window,
  weekWindow,
} from '../core/index.ts';
import { PartialWindowError } from './errors.ts';
import { metricsForPromise } from './metrics.ts';
import type { EvaluationRules } from './rules.ts';

export interface LatestDataDeps {
  store: Pick<Store, 'listPromises' | 'listSeries' | 'rollupsFor'>;
  calendar: BusinessCalendar;
  rules: EvaluationRules;
}

/** How far back the search goes: data older than this is not "the latest" anyone grades. */
export const LATEST_DATA_WEEKS = 260;
const DAY_MS = 86_400_000;

const metricNames = (promises: ServicePromise[], rules: EvaluationRules): string[] => {
  const names = new Set<string>();
  for (const p of promises) for (const m of metricsForPromise(p, rules.metrics)) names.add(m.metric);
  return [...names].sort();
};

/**
 * The instant of the latest sample (of a metric some promise is graded on) dated before `before`,
 * or undefined when there is none within LATEST_DATA_WEEKS weeks. Reads one week of rollups per
 * series at a time, newest first, so it costs one week's reads when the data is recent.
 */
export const latestDataAt = async (deps: LatestDataDeps, before: Date): Promise<string | undefined> => {
  const promises: ServicePromise[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listPromises({
      includeRemoved: true,
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    promises.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const series: SeriesKey[] = (
    await Promise.all(metricNames(promises, deps.rules).map((m) => deps.store.listSeries(m)))
  ).flat();
  if (series.length === 0) return undefined;
  // The week holding `before` first (to `before` only), then the weeks before it.
  let week: Window = latestCompleteWeek(new Date(before.getTime() + 7 * DAY_MS), deps.calendar.timezone);
  for (let i = 0; i < LATEST_DATA_WEEKS; i++) {
    const to = new Date(Math.min(new Date(week.end).getTime(), before.getTime())).toISOString();
    const rollups = (await Promise.all(series.map((s) => deps.store.rollupsFor(s, week.start, to)))).flat();
    let latest: string | undefined;
    for (const r of rollups) {
      if (r.count <= 0) continue;
      // The hour's latest sample when the rollup kept them all, else the hour's last instant.
      const kept =
        r.worst.length >= r.count
          ? r.worst.reduce<string | undefined>((a, w) => (!a || w.at > a ? w.at : a), undefined)
          : undefined;
      const at = kept ?? new Date(new Date(`${r.hour}:00:00.000Z`).getTime() + 3_599_999).toISOString();
      if (at < to && (!latest || at > latest)) latest = at;
    }
    if (latest) return latest;
    week = previousWeek(week);
  }
  return undefined;
};

export interface WeekChoice {
  now: Date;
  /** The latest stored sample (see `latestDataAt`), undefined when there is none. */
  latestDataAt: string | undefined;
  timeZone: string;
  /** The week asked for ("2026-W47"); default the latest complete local week with data. */
  week?: string;
  /** Grade a week that has not ended, or that the data does not reach the end of. */
  allowPartial?: boolean;
}

const day = (iso: string, timeZone: string): string =>
  new Date(iso).toLocaleDateString('en-CA', { timeZone });

/**
 * The week `evaluate` grades: the one asked for, or the latest complete local week that has
 * data. A week that has not ended yet, or that runs past the end of the data (by more than the
 * day `latestWeekWithData` allows), is refused with PartialWindowError unless allowPartial.
 */
export const chooseEvaluationWeek = (choice: WeekChoice): Window => {
  const { now, timeZone } = choice;
  const last = choice.latestDataAt;
  const window = choice.week ? weekWindow(choice.week, timeZone) : latestWeekWithData(now, last, timeZone);
  if (choice.allowPartial) return window;
  const end = new Date(window.end).getTime();
  const lastDay = new Date(new Date(window.end).getTime() - 1).toISOString();
  if (end > now.getTime()) {
    throw new PartialWindowError(
      window.id,
      `it has not ended yet (it runs to the end of ${day(lastDay, timeZone)} in ${timeZone}); pass --allow-partial to grade it so far`,
    );
  }
  if (!last) {
    throw new PartialWindowError(
      window.id,
      "no samples are stored for any promise's metric; import the metrics first (promisegap import), or pass --allow-partial to grade it anyway",
    );
  }
  if (new Date(last).getTime() + DAY_MS < end) {
    const latest = latestWeekWithData(now, last, timeZone);
    throw new PartialWindowError(
      window.id,
      `the stored data ends ${day(last, timeZone)}, before the week does (${day(lastDay, timeZone)}); the latest complete week with data is ${latest.id}. Pass --allow-partial to grade it anyway`,
    );
  }
  return window;
};
