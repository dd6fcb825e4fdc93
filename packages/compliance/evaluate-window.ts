// Evaluates every promise for one window: reads promises, versions, matching series, their
// rollups, the window's complaints and the previous verdicts (queries only, never a Scan), then
// writes the verdicts.

import pLimit from 'p-limit';
import type { BusinessCalendar } from '../calendar/index.ts';
import {
  type ClosingVerdict,
  type ComplaintEvidence,
  inTimeZone,
  type Logger,
  type PromiseVersion,
  type Rollup,
  type SeriesKey,
  type ServicePromise,
  type Store,
  type StoredComplaint,
  type StoredSurvey,
  type SurveyEvidence,
  type Verdict,
  type VerdictStatus,
  type Window,
} from '../core/index.ts';
import { seriesId } from '../rollups/index.ts';
import { evaluatePromise } from './evaluate.ts';
import { matchSeries } from './match.ts';
import { metricsForPromise } from './metrics.ts';
import {
  closingPeriods,
  measurementPeriod,
  previousWindowOf,
  statedPeriod,
  versionInForce,
} from './periods.ts';
import type { EvaluationRules } from './rules.ts';

export interface EvaluateWindowDeps {
  store: Store;
  calendar: BusinessCalendar;
  rules: EvaluationRules;
  now: () => Date;
  logger: Logger;
  /** Links the window's complaints to a promise (packages/complaints' linkComplaints). */
  link?: (promise: ServicePromise, complaints: StoredComplaint[], window: Window) => ComplaintEvidence;
  /** Whether the complaints contradict a kept verdict (packages/complaints' assessPerceptionGap). */
  perceptionGap?: (status: VerdictStatus, evidence: ComplaintEvidence) => boolean;
  /** Survey answers as a signal (packages/surveys' surveyJudgement): figures, comments as complaints, the gap. */
  surveys?: {
    comments: (surveys: readonly StoredSurvey[]) => StoredComplaint[];
    evidence: (
      promise: { category: ServicePromise['category']; qualifiers: ServicePromise['qualifiers'] },
      current: readonly StoredSurvey[],
      previous: readonly StoredSurvey[],
      complaints: ComplaintEvidence | null,
    ) => SurveyEvidence | undefined;
    perceptionGap: (status: VerdictStatus, evidence: SurveyEvidence | undefined) => boolean;
    settings: string;
  };
  /** Which promises are graded (the register leaves out rejected ones, or unreviewed ones when review is required). */
  gradable?: (promise: ServicePromise) => boolean;
}

/** How a window is graded: the weekly job stores verdicts; an alert check's lookbacks do not. */
export interface EvaluateWindowOptions {
  /** Store the verdicts (default true). */
  persist?: boolean;
  /**
   * Grade a promise that states a month, quarter or year on that period to date (default true).
   * False grades every promise on the window alone, as a burn-rate lookback needs.
   */
  periodToDate?: boolean;
}

const PAGE = 500;

const allPromises = async (store: Store): Promise<ServicePromise[]> => {
  const out: ServicePromise[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listPromises({
      includeRemoved: true,
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
};

/** Whether the promise was on its page at some point of the window (or after it: see the rules). */
const liveDuring = (promise: ServicePromise, window: Window): boolean =>
  !promise.removedAt || new Date(promise.removedAt).getTime() > new Date(window.start).getTime();

/** The closing verdict in brief, as the week that closed the period carries it. */
const closingSummary = (v: Verdict): ClosingVerdict => ({
  window: v.window,
  status: v.status,
  reason: v.reason,
  attainment: v.delivery?.attainment ?? null,
  target: v.delivery?.target ?? null,
  unit: v.delivery?.unit ?? null,
});

/**
 * Grades every promise for one window (read in the calendar's zone: an ISO week is Monday 00:00 to
 * Monday 00:00 local) and, for a promise that states a month, quarter or year, also each such
 * period that ended within the window, on the whole period: its closing verdict, stored under the
 * period's id ("2026-03") and carried in brief by the week's verdict. Returns the window's verdicts.
 */
export const evaluateWindow = async (
  deps: EvaluateWindowDeps,
  requested: Window,
  options: EvaluateWindowOptions = {},
): Promise<Verdict[]> => {
  const persist = options.persist ?? true;
  const periodToDate = options.periodToDate ?? true;
  const { store, calendar, rules, logger } = deps;
  const started = deps.now();
  const window = inTimeZone(requested, calendar.timezone);
  const previousWindow = previousWindowOf(window);
  const [promises, previousVerdicts] = await Promise.all([
    allPromises(store),
    store.verdictsForWindow(previousWindow.id),
  ]);
  const previousById = new Map(previousVerdicts.map((v) => [v.promiseId, v]));

  // Promises share metrics, series, periods and complaints: read each once.
  const once = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
    let hit = cache.get(key);
    if (!hit) {
      hit = load();
      cache.set(key, hit);
    }
    return hit;
  };
  const seriesLists = new Map<string, Promise<SeriesKey[]>>();
  const listSeries = (metric: string) => once(seriesLists, metric, () => store.listSeries(metric));
  const rollupRanges = new Map<string, Promise<Rollup[]>>();
  const rollupsFor = (key: SeriesKey, from: string, to: string) =>
    once(rollupRanges, `${seriesId(key.metric, key.dimensions)}|${from}|${to}`, () =>
      store.rollupsFor(key, from, to),
    );
  const complaintRanges = new Map<string, Promise<StoredComplaint[]>>();
  const complaintsIn = (w: Window) =>
    deps.link
      ? once(complaintRanges, `${w.start}|${w.end}`, () => store.complaintsBetween(w.start, w.end))
      : Promise.resolve([]);
  const surveyRanges = new Map<string, Promise<StoredSurvey[]>>();
  const surveysIn = (w: Window) =>
    deps.surveys
      ? once(surveyRanges, `${w.start}|${w.end}`, () => store.surveysBetween(w.start, w.end))
      : Promise.resolve([]);
  const commentRanges = new Map<string, Promise<StoredComplaint[]>>();
  const complaintsAndComments = (w: Window) =>
    deps.surveys
      ? once(commentRanges, `${w.start}|${w.end}`, async () => [
          ...(await complaintsIn(w)),
          ...(deps.surveys?.comments(await surveysIn(w)) ?? []),
        ])
      : complaintsIn(w);
  const previousPeriods = new Map<string, Promise<Map<string, Verdict>>>();
  const previousOf = (period: Window) =>
    once(previousPeriods, period.id, async () => {
      const list = await store.verdictsForWindow(previousWindowOf(period).id);
      return new Map(list.map((v) => [v.promiseId, v]));
    });

  const evaluatedAt = deps.now();
  const limit = pLimit(8);
  const live = promises.filter((p) => liveDuring(p, window) && (deps.gradable?.(p) ?? true));
  const closingVerdicts: Verdict[] = [];

  const grade = async (
    promise: ServicePromise,
    versions: PromiseVersion[],
    graded: Window,
    previous: Verdict | null,
  ): Promise<Verdict> => {
    const { version } = versionInForce(promise, versions, graded);
    const terms = {
      ...version,
      category: promise.category,
      metric: promise.metric,
      ...(promise.gradedOn ? { gradedOn: promise.gradedOn } : {}),
    };
    const metrics = metricsForPromise(terms, rules.metrics);
    const { measured } = measurementPeriod(periodToDate ? statedPeriod(terms) : null, graded);
    const matched = (await Promise.all(metrics.map((m) => listSeries(m.metric)))).flatMap((available) =>
      matchSeries(terms, available),
    );
    const series = await Promise.all(
      matched.map(async (key) => ({ key, rollups: await rollupsFor(key, measured.start, measured.end) })),
    );
    const evidence = deps.link ? deps.link(promise, await complaintsAndComments(graded), graded) : null;
    const verdict = evaluatePromise({
      promise,
      versions,
      window: graded,
      series,
      previous,
      complaints: evidence,
      calendar,
      rules,
      evaluatedAt,
    });
    if (verdict.complaints && deps.perceptionGap) {
      verdict.complaints = {
        ...verdict.complaints,
        perceptionGap: deps.perceptionGap(verdict.status, verdict.complaints),
      };
    }
    if (deps.surveys) {
      const [current, before] = await Promise.all([surveysIn(graded), surveysIn(previousWindowOf(graded))]);
      const surveys = deps.surveys.evidence(
        { category: promise.category, qualifiers: version.qualifiers },
        current,
        before,
        verdict.complaints,
      );
      if (surveys) verdict.surveys = surveys;
      if (deps.surveys.perceptionGap(verdict.status, surveys)) {
        verdict.complaints = {
          ...(verdict.complaints ?? { matched: 0, allegingBreach: 0, quotes: [] }),
          perceptionGap: true,
        };
      }
      verdict.rules = `${verdict.rules} ${deps.surveys.settings}`;
    }
    return verdict;
  };

  const verdicts = await Promise.all(
    live.map((promise) =>
      limit(async (): Promise<Verdict> => {
        const versions = await store.listPromiseVersions(promise.id);
        const verdict = await grade(promise, versions, window, previousById.get(promise.id) ?? null);
        const { version } = versionInForce(promise, versions, window);
        // A promise no metric backs (a monthly service credit) has nothing to close: its weekly
        // no_data says so already.
        const measurable =
          version.operator !== '==' &&
          metricsForPromise(
            {
              ...version,
              category: promise.category,
              metric: promise.metric,
              ...(promise.gradedOn ? { gradedOn: promise.gradedOn } : {}),
            },
            rules.metrics,
          ).length > 0;
        const closing: Verdict[] = [];
        for (const period of periodToDate && measurable
          ? closingPeriods(statedPeriod(version), window)
          : []) {
          const previous = (await previousOf(period)).get(promise.id) ?? null;
          closing.push(await grade(promise, versions, period, previous));
        }
        if (closing.length === 0) return verdict;
        closingVerdicts.push(...closing);
        return { ...verdict, closing: closing.map(closingSummary) };
      }),
    ),
  );
  verdicts.sort((a, b) => a.promiseId.localeCompare(b.promiseId));
  closingVerdicts.sort(
    (a, b) => a.window.id.localeCompare(b.window.id) || a.promiseId.localeCompare(b.promiseId),
  );
  if (persist) await store.putVerdicts([...verdicts, ...closingVerdicts]);
  const counts = verdicts.reduce<Record<string, number>>((acc, v) => {
    acc[v.status] = (acc[v.status] ?? 0) + 1;
    return acc;
  }, {});
  logger.info('window evaluated', {
    window: window.id,
    promises: verdicts.length,
    ...counts,
    closing: closingVerdicts.length,
    ms: deps.now().getTime() - started.getTime(),
  });
  return verdicts;
};
