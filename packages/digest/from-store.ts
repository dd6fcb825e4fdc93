// Gathers a digest's input from the store: the window's verdicts, last window's, each promise's recent
// history, the claims, and what changed on the site during the window. Shared by the CLI, the API's
// preview and the Lambda, so every path reports the same facts.

import pLimit from 'p-limit';
import { createBusinessCalendar } from '../calendar/index.ts';
import {
  type CalendarConfig,
  inTimeZone,
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
  verdictsHaveData,
  type Window,
  weekWindow,
} from '../core/index.ts';
import { gatherGapSignals, type SignalStore } from '../policy/signals.ts';
import { acknowledgedOn, findContradictions, needsReview, registerOf } from '../register/index.ts';
import type { DigestInput, RegisterFacts } from './content.ts';
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

/**
 * The latest ISO week that has ended at `now` and has verdicts in the store; a stored week with
 * no data in it never displaces the latest week that has some (unless no week has any).
 */
export const latestEvaluatedWeek = async (
  store: Pick<Store, 'listWindows' | 'verdictsForWindow'>,
  now: Date,
): Promise<Window> => {
  const candidates = (await store.listWindows())
    .filter((id) => WEEK_ID.test(id))
    .map((id) => weekWindow(id))
    .filter((w) => new Date(w.start).getTime() <= now.getTime())
    .sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0));
  let latestEmpty: Window | undefined;
  for (const candidate of candidates) {
    const verdicts = await store.verdictsForWindow(candidate.id);
    // The stored window carries its local start and end; the id alone is read in UTC.
    const window = verdicts[0]?.window ?? candidate;
    if (new Date(window.end).getTime() > now.getTime()) continue;
    if (verdictsHaveData(verdicts)) return window;
    latestEmpty ??= window;
  }
  if (!latestEmpty) {
    throw new NoEvaluatedWeekError(
      'the store has no verdicts for a week that has ended; run the evaluation first',
    );
  }
  return latestEmpty;
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
  const reworded = rewordingsDuring(promises, window);
  return [
    ...changes.filter(
      (c): c is PromiseChange =>
        c !== null &&
        !(c.kind === 'added' && reworded.added.has(c.promise.id)) &&
        !(c.kind === 'removed' && reworded.removed.has(c.promise.id)),
    ),
    ...reworded.changes,
  ];
};

/**
 * A page that rewords a statement ("2 business hours" → "4 business hours") moves it from one
 * commitment to another: one change on that page, not an addition and a removal.
 */
const rewordingsDuring = (commitments: ServicePromise[], window: Window) => {
  const liveSlot = new Map<string, { commitment: ServicePromise; quote: string }>();
  for (const c of commitments) {
    for (const st of c.register?.statements ?? []) {
      if (!st.removedAt) liveSlot.set(st.statementId, { commitment: c, quote: st.quote });
    }
  }
  const changes: PromiseChange[] = [];
  const added = new Set<string>();
  const removed = new Set<string>();
  for (const old of commitments) {
    const r = old.register;
    if (!r) continue;
    for (const st of r.statements) {
      if (!st.changedTo || !within(st.removedAt, window)) continue;
      const now = liveSlot.get(st.statementId);
      if (!now || now.commitment.id === old.id) continue;
      const n = now.commitment;
      const version = (c: ServicePromise, n: number, quote: string, from: string): PromiseVersion => ({
        promiseId: c.id,
        version: n,
        quote,
        operator: c.operator,
        threshold: c.threshold,
        unit: c.unit,
        qualifiers: c.qualifiers,
        validFrom: from,
      });
      const at = st.removedAt ?? window.start;
      changes.push({
        kind: 'changed',
        promise: { ...n, sourceUrl: st.url ?? n.sourceUrl },
        before: { ...version(old, 1, st.quote, st.firstSeen), validTo: at },
        after: version(n, 2, now.quote, at),
      });
      if (
        (n.register?.statements ?? []).every(
          (x) => x.statementId === st.statementId || !within(x.firstSeen, window),
        )
      )
        added.add(n.id);
      if (old.removedAt === at) removed.add(old.id);
    }
  }
  return { changes, added, removed };
};

/**
 * The register's facts for the digest: the other pages stating each commitment, acknowledgements
 * in force on `day` (YYYY-MM-DD), contradictions between pages, and the review queue's size.
 */
export const registerFacts = (
  commitments: ServicePromise[],
  day: string,
  reviewRequired: boolean,
): RegisterFacts => {
  const live = commitments.filter((c) => !c.removedAt && registerOf(c).state !== 'rejected');
  const alsoOn = new Map<string, string[]>();
  const acknowledged = new Map<string, { note: string; until: string; by: string }>();
  for (const c of live) {
    const urls = [
      ...new Set(
        registerOf(c)
          .statements.filter((s) => !s.removedAt && s.url && s.url !== c.sourceUrl)
          .map((s) => s.url ?? ''),
      ),
    ];
    if (urls.length) alsoOn.set(c.id, urls);
    const ack = acknowledgedOn(c, day);
    if (ack) acknowledged.set(c.id, { note: ack.note, until: ack.until, by: ack.by });
  }
  return {
    alsoOn,
    acknowledged,
    contradictions: findContradictions(live).map((x) => ({
      sentence: x.sentence,
      commitmentIds: x.commitmentIds,
      quotes: x.sides.map((side) => ({ url: side.url, quote: side.quote })),
    })),
    ...(reviewRequired ? { reviewQueue: live.filter(needsReview).length } : {}),
  };
};

export const digestInputFromStore = async (
  store: Pick<
    Store,
    'verdictsForWindow' | 'verdictHistory' | 'listClaims' | 'listPromises' | 'listPromiseVersions'
  >,
  config: PromisegapConfig,
  requested: Window,
): Promise<DigestInput> => {
  // Weeks are the company's: a week id read anywhere is Monday 00:00 to Monday 00:00 local.
  const window = inTimeZone(requested, config.calendar.timezone);
  const before = windowBefore(window);
  const [verdicts, previous, claims, changes, commitments] = await Promise.all([
    store.verdictsForWindow(window.id),
    before ? store.verdictsForWindow(before.id) : Promise.resolve([]),
    store.listClaims(),
    changesDuring(store, window),
    listAllPromises(store),
  ]);
  // The digest's day: when the window was evaluated (acknowledgements end on a calendar date).
  const day = (
    verdicts
      .map((v) => v.evaluatedAt)
      .sort()
      .at(-1) ?? window.end
  ).slice(0, 10);
  const limit = pLimit(8);
  const history = new Map<string, Verdict[]>(
    await Promise.all(
      verdicts.map((v) =>
        limit(async () => {
          // Closing verdicts (2026-10) sit in a promise's history beside its weeks: keep the weeks.
          const all = await store.verdictHistory(v.promiseId, HISTORY_WINDOWS + 4);
          return [v.promiseId, all.filter((h) => WEEK_ID.test(h.window.id)).slice(-HISTORY_WINDOWS)] as const;
        }),
      ),
    ),
  );
  const { rules } = rulesFields(verdicts);
  const calendar = createBusinessCalendar(config.calendar);
  // The policy gap and the claims held to evidence, where the store holds policies (a full Store).
  const signals =
    typeof (store as Partial<SignalStore>).listPolicies === 'function'
      ? await gatherGapSignals(store as unknown as SignalStore, config, window)
      : undefined;
  // The published verdict shape (rulesVersion, no rules text per verdict): the same fields as
  // GET /v1/compliance and `run --json`.
  return {
    company: config.company,
    window,
    verdicts: verdicts.map((v) => toPublicVerdict(v)),
    previous: previous.map((v) => toPublicVerdict(v)),
    history: new Map([...history].map(([id, list]) => [id, list.map((v) => toPublicVerdict(v))])),
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
    register: registerFacts(commitments, day, config.promises?.reviewRequired ?? false),
    ...(signals ? { signals } : {}),
  };
};
