// The two signals beside delivery and perception gaps, gathered from the store for one window: the
// policy gap of every commitment, and the evidence on every vague claim. The digest, the API's
// /v1/gaps and the dashboard all call this, so they say the same thing.

import { createBusinessCalendar } from '../calendar/index.ts';
import { type ClaimEvidence, claimsEvidence, type SurveyEvidenceSource } from '../claims/index.ts';
import { previousWindowOf } from '../compliance/periods.ts';
import type { Category, PromisegapConfig, ServicePromise, Store, Window } from '../core/index.ts';
import { surveyEvidence } from '../surveys/evidence.ts';
import { type PolicyGap, policyGaps } from './gaps.ts';

export interface GapSignals {
  /** Every compared commitment: laxer and missing first, then aligned. */
  policyGaps: PolicyGap[];
  /** How many SLA policies are stored (0: the policy gap is not known, not "none"). */
  policies: number;
  claims: ClaimEvidence[];
}

export type SignalStore = Pick<
  Store,
  'listPolicies' | 'listPromises' | 'listClaims' | 'listSeries' | 'rollupsFor' | 'complaintsBetween'
> &
  Partial<Pick<Store, 'surveysBetween'>>;

/**
 * The survey scores on a claim's category: every answer of the window (a vague claim names no plan
 * or channel), against the previous window, under the configured floor. None without surveys.
 */
const storedSurveyEvidence = (
  store: SignalStore,
  rule: NonNullable<PromisegapConfig['surveys']>,
): SurveyEvidenceSource | undefined => {
  const between = store.surveysBetween?.bind(store);
  if (!between) return undefined;
  return async (category: Category, window: Window) => {
    const before = previousWindowOf(window);
    const [current, previous] = await Promise.all([
      between(window.start, window.end),
      between(before.start, before.end),
    ]);
    const evidence = surveyEvidence({ category, qualifiers: {} }, current, previous, rule);
    if (!evidence || evidence.responses === 0) return null;
    return { label: evidence.summary, responses: evidence.responses, belowFloor: evidence.belowFloor };
  };
};

const liveCommitments = async (store: Pick<Store, 'listPromises'>): Promise<ServicePromise[]> => {
  const all: ServicePromise[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listPromises({ limit: 1000, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return all.filter((p) => !p.removedAt);
};

export const gatherGapSignals = async (
  store: SignalStore,
  config: Pick<PromisegapConfig, 'calendar' | 'evaluation'> & Partial<Pick<PromisegapConfig, 'surveys'>>,
  window: Window,
  options: { surveys?: SurveyEvidenceSource } = {},
): Promise<GapSignals> => {
  const surveys =
    options.surveys ??
    (config.surveys && config.surveys.files.length > 0
      ? storedSurveyEvidence(store, config.surveys)
      : undefined);
  const calendar = createBusinessCalendar(config.calendar);
  const [policies, commitments, claims] = await Promise.all([
    store.listPolicies(),
    liveCommitments(store),
    store.listClaims(),
  ]);
  return {
    policies: policies.length,
    policyGaps: policyGaps(commitments, policies, calendar, new Date(window.start)),
    claims: await claimsEvidence(
      {
        store,
        minSamples: config.evaluation.minSamples,
        minComplaints: config.evaluation.perceptionGapMinComplaints,
        businessDayHours: calendar.hoursPerBusinessDay(),
        ...(surveys ? { surveys } : {}),
      },
      claims.map((c) => ({ sourceUrl: c.sourceUrl, claims: c.claims })),
      window,
    ),
  };
};
