// Evaluates every promise for one window: reads promises, versions, matching series, their
// rollups, the window's complaints and the previous verdicts (queries only, never a Scan), then
// writes the verdicts.

import pLimit from 'p-limit';
import type { BusinessCalendar } from '../calendar/index.ts';
import type {
  ComplaintEvidence,
  Logger,
  Rollup,
  SeriesKey,
  ServicePromise,
  Store,
  StoredComplaint,
  Verdict,
  VerdictStatus,
  Window,
} from '../core/index.ts';
import { seriesId } from '../rollups/index.ts';
import { evaluatePromise } from './evaluate.ts';
import { matchSeries } from './match.ts';
import { metricsForPromise } from './metrics.ts';
import { measurementPeriod, previousWindowOf, versionInForce } from './periods.ts';
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
  /** Which promises are graded (the register leaves out rejected ones, or unreviewed ones when review is required). */
  gradable?: (promise: ServicePromise) => boolean;
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

export const evaluateWindow = async (deps: EvaluateWindowDeps, window: Window): Promise<Verdict[]> => {
  const { store, calendar, rules, logger } = deps;
  const started = deps.now();
  const previousWindow = previousWindowOf(window);
  const [promises, complaints, previousVerdicts] = await Promise.all([
    allPromises(store),
    deps.link ? store.complaintsBetween(window.start, window.end) : Promise.resolve([]),
    store.verdictsForWindow(previousWindow.id),
  ]);
  const previousById = new Map(previousVerdicts.map((v) => [v.promiseId, v]));

  // Promises share metrics and series: read each series list and each rollup range once.
  const seriesLists = new Map<string, Promise<SeriesKey[]>>();
  const listSeries = (metric: string) => {
    let hit = seriesLists.get(metric);
    if (!hit) {
      hit = store.listSeries(metric);
      seriesLists.set(metric, hit);
    }
    return hit;
  };
  const rollupRanges = new Map<string, Promise<Rollup[]>>();
  const rollupsFor = (key: SeriesKey, from: string, to: string) => {
    const id = `${seriesId(key.metric, key.dimensions)}|${from}|${to}`;
    let hit = rollupRanges.get(id);
    if (!hit) {
      hit = store.rollupsFor(key, from, to);
      rollupRanges.set(id, hit);
    }
    return hit;
  };

  const evaluatedAt = deps.now();
  const limit = pLimit(8);
  const live = promises.filter((p) => liveDuring(p, window) && (deps.gradable?.(p) ?? true));
  const verdicts = await Promise.all(
    live.map((promise) =>
      limit(async (): Promise<Verdict> => {
        const versions = await store.listPromiseVersions(promise.id);
        const { version } = versionInForce(promise, versions, window);
        const terms = {
          ...version,
          category: promise.category,
          metric: promise.metric,
          ...(promise.gradedOn ? { gradedOn: promise.gradedOn } : {}),
        };
        const metrics = metricsForPromise(terms, rules.metrics);
        const { measured } = measurementPeriod(version.qualifiers.window, window);
        const matched = (await Promise.all(metrics.map((m) => listSeries(m.metric)))).flatMap((available) =>
          matchSeries(terms, available),
        );
        const series = await Promise.all(
          matched.map(async (key) => ({ key, rollups: await rollupsFor(key, measured.start, measured.end) })),
        );
        const evidence = deps.link ? deps.link(promise, complaints, window) : null;
        const verdict = evaluatePromise({
          promise,
          versions,
          window,
          series,
          previous: previousById.get(promise.id) ?? null,
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
        return verdict;
      }),
    ),
  );
  verdicts.sort((a, b) => a.promiseId.localeCompare(b.promiseId));
  await store.putVerdicts(verdicts);
  const counts = verdicts.reduce<Record<string, number>>((acc, v) => {
    acc[v.status] = (acc[v.status] ?? 0) + 1;
    return acc;
  }, {});
  logger.info('window evaluated', {
    window: window.id,
    promises: verdicts.length,
    ...counts,
    ms: deps.now().getTime() - started.getTime(),
  });
  return verdicts;
};
