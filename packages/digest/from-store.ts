// Gathers a digest's input from the store: the window's verdicts, last window's, each promise's recent
// history, the claims, and what changed on the site during the window. Shared by the CLI, the API's
// preview and the Lambda, so every path reports the same facts.

import pLimit from 'p-limit';
import { createBusinessCalendar } from '../calendar/index.ts';
import {
  type CalendarConfig,
  monthWindow,
  type PromiseChange,
  type PromisegapConfig,
  type PromiseVersion,
  previousWeek,
  rulesFields,
  type ServicePromise,
  type Store,
  toPublicVerdict,
  type Verdict,
  type Window,
  weekWindow,
} from '../core/index.ts';
import type { DigestInput } from './content.ts';
import { NoEvaluatedWeekError } from './errors.ts';

const HISTORY_WINDOWS = 8;
const WEEK_ID = /^\d{4}-W\d{2}$/;
const MONTH_ID = /^(\d{4})-(\d{2})$/;

/** The window before `window`: last ISO week, last month, or none for a rolling range. */
export const windowBefore = (window: Window): Window | null => {
  if (WEEK_ID.test(window.id)) return previousWeek(window);
  const m = MONTH_ID.exec(window.id);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    return monthWindow(month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`);
  }
  return null;
};

/** The latest ISO week that has ended at `now` and has verdicts in the store. */
export const latestEvaluatedWeek = async (store: Pick<Store, 'listWindows'>, now: Date): Promise<Window> => {
  const complete = (await store.listWindows())
    .filter((id) => WEEK_ID.test(id))
    .map((id) => weekWindow(id))
    .filter((w) => new Date(w.end).getTime() <= now.getTime())
    .sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0));
  const latest = complete[0];
  if (!latest) {
    throw new NoEvaluatedWeekError(
      'the store has no verdicts for a week that has ended; run the evaluation first',
    );
  }
  return latest;
};

/** The business calendar in a line, as the calendar itself describes it (one wording everywhere). */
export const describeCalendar = (calendar: CalendarConfig): string =>
  createBusinessCalendar(calendar).describe();

export const describePerceptionRule = (config: PromisegapConfig): string =>
  `the figures say kept, yet at least ${config.evaluation.perceptionGapRate}% of the complaints matched to the promise, and at least ${config.evaluation.perceptionGapMinComplaints} of them, allege a breach`;

/** The evaluation's own description of its rules, as the verdicts carry it; the config's otherwise. */
export const describeRules = (verdicts: Verdict[], config: PromisegapConfig): string => {
  const stated = [
    ...new Set(verdicts.map((v) => v.rules).filter((r) => typeof r === 'string' && r.trim() !== '')),
  ];
  if (stated.length > 0) return stated.join(' / ');
  return `each promise is held to the share of cases it states (its target); at risk when kept but more than ${config.evaluation.atRiskBudgetSpent}% of the error budget is spent`;
};

const within = (iso: string | undefined, window: Window): boolean =>
  typeof iso === 'string' && iso >= window.start && iso < window.end;

const listAllPromises = async (store: Pick<Store, 'listPromises'>): Promise<ServicePromise[]> => {
  const all: ServicePromise[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listPromises({
      includeRemoved: true,
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return all;
};

/** Promises first seen, removed or reworded during `window`, from the promises and their versions. */
export const changesDuring = async (
  store: Pick<Store, 'listPromises' | 'listPromiseVersions'>,
  window: Window,
): Promise<PromiseChange[]> => {
  const promises = await listAllPromises(store);
  const limit = pLimit(8);
  const changes = await Promise.all(
    promises.map((p) =>
      limit(async (): Promise<PromiseChange | null> => {
        if (within(p.removedAt, window))
          return within(p.firstSeen, window) ? null : { kind: 'removed', promise: p };
        if (within(p.firstSeen, window)) return { kind: 'added', promise: p };
        // A reworded promise was seen while it changed; one not seen since the window began did not.
        if (p.removedAt && p.removedAt < window.start) return null;
        if (p.lastSeen < window.start) return null;
        const versions = await store.listPromiseVersions(p.id);
        const latest = (list: PromiseVersion[]) =>
          list.reduce<PromiseVersion | undefined>((a, v) => (!a || v.version > a.version ? v : a), undefined);
        const after = latest(versions.filter((v) => within(v.validFrom, window)));
        const before = latest(versions.filter((v) => v.validFrom < window.start));
        return after && before && after.version !== before.version
          ? { kind: 'changed', promise: p, before, after }
          : null;
      }),
    ),
  );
  return changes.filter((c): c is PromiseChange => c !== null);
};

export const digestInputFromStore = async (
  store: Pick<
    Store,
    'verdictsForWindow' | 'verdictHistory' | 'listClaims' | 'listPromises' | 'listPromiseVersions'
  >,
  config: PromisegapConfig,
  window: Window,
): Promise<DigestInput> => {
  const before = windowBefore(window);
  const [verdicts, previous, claims, changes] = await Promise.all([
    store.verdictsForWindow(window.id),
    before ? store.verdictsForWindow(before.id) : Promise.resolve([]),
    store.listClaims(),
    changesDuring(store, window),
  ]);
  const limit = pLimit(8);
  const history = new Map<string, Verdict[]>(
    await Promise.all(
      verdicts.map((v) =>
        limit(async () => [v.promiseId, await store.verdictHistory(v.promiseId, HISTORY_WINDOWS)] as const),
      ),
    ),
  );
  const { rules } = rulesFields(verdicts);
  const calendar = createBusinessCalendar(config.calendar);
  // The published verdict shape (rulesVersion, no rules text per verdict): the same fields as
  // GET /v1/compliance and `run --json`.
  return {
    company: config.company,
    window,
    verdicts: verdicts.map(toPublicVerdict),
    previous: previous.map(toPublicVerdict),
    history: new Map([...history].map(([id, list]) => [id, list.map(toPublicVerdict)])),
    changes,
    claims: claims.map((c) => ({ sourceUrl: c.sourceUrl, claims: c.claims })),
    calendarDescription: calendar.describe(),
    rules: rules?.text ?? describeRules(verdicts, config),
    ...(rules ? { rulesVersion: rules.version } : {}),
    perceptionGapRule: describePerceptionRule(config),
    minSamples: config.evaluation.minSamples,
    atRiskBudgetSpent: config.evaluation.atRiskBudgetSpent,
    businessDayHours: calendar.hoursPerBusinessDay(),
    ...(config.digest.dashboardUrl ? { dashboardUrl: config.digest.dashboardUrl } : {}),
    ...(config.digest.subjectPrefix ? { subjectPrefix: config.digest.subjectPrefix } : {}),
  };
};
