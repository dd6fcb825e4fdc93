// The survey signal of a promise in a window: the answers matched by the promise's plan, channel and
// priority (the same rules as its metrics), their CSAT and NPS against the previous window, whether
// satisfaction fell below the configured floor, and the comments handed to the complaint reader.

import { matchSeries } from '../compliance/index.ts';
import type {
  Category,
  Qualifiers,
  SeriesKey,
  StoredComplaint,
  StoredSurvey,
  SurveyEvidence,
  VerdictStatus,
} from '../core/index.ts';
import { SCALES } from './scales.ts';

export interface SurveyRule {
  /** CSAT % satisfied below which a kept promise shows a perception gap. */
  floor: number;
  /** NPS below which it does too (none by default). */
  npsFloor?: number | undefined;
  /** Answers a window needs before its CSAT or NPS counts against the floor. */
  minResponses: number;
}

export const DEFAULT_SURVEY_RULE: SurveyRule = Object.freeze({ floor: 70, minResponses: 10 });

/** Surveys follow support interactions: they speak to promises about support, not parcels or uptime. */
export const SURVEYED_CATEGORIES: ReadonlySet<Category> = new Set([
  'response_time',
  'resolution_time',
  'availability_hours',
]);

/** The settings line of the survey rules, appended to a verdict's rules. */
export const describeSurveyRule = (rule: SurveyRule): string =>
  `Surveys: CSAT floor ${rule.floor}%${rule.npsFloor === undefined ? '' : `, NPS floor ${rule.npsFloor}`}, at least ${rule.minResponses} answers per window.`;

const r1 = (n: number) => Math.round(n * 10) / 10;

interface Scores {
  responses: number;
  csat: SurveyEvidence['csat'];
  nps: SurveyEvidence['nps'];
}

const score = (surveys: readonly StoredSurvey[]): Scores => {
  let rated = 0;
  let satisfied = 0;
  let npsRated = 0;
  let promoters = 0;
  let detractors = 0;
  for (const s of surveys) {
    const rule = SCALES[s.scale];
    if (rule.satisfied) {
      rated += 1;
      if (rule.satisfied(s.score)) satisfied += 1;
    }
    if (rule.recommend) {
      npsRated += 1;
      const r = rule.recommend(s.score);
      if (r > 0) promoters += 1;
      if (r < 0) detractors += 1;
    }
  }
  return {
    responses: surveys.length,
    csat: rated > 0 ? { rated, satisfied, percent: r1((satisfied * 100) / rated) } : null,
    nps:
      npsRated > 0
        ? { rated: npsRated, promoters, detractors, score: r1(((promoters - detractors) * 100) / npsRated) }
        : null,
  };
};

const keyOf = (dimensions: Record<string, string>): string =>
  JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));

/** The answers whose dimensions agree with the promise's qualifiers (compliance's matchSeries). */
export const matchSurveys = (
  promise: { qualifiers: Qualifiers },
  surveys: readonly StoredSurvey[],
): StoredSurvey[] => {
  const groups = new Map<string, { key: SeriesKey; surveys: StoredSurvey[] }>();
  for (const s of surveys) {
    const k = keyOf(s.dimensions);
    const group = groups.get(k) ?? { key: { metric: 'survey', dimensions: s.dimensions }, surveys: [] };
    group.surveys.push(s);
    groups.set(k, group);
  }
  const all = [...groups.values()];
  const matched = new Set(
    matchSeries(
      promise,
      all.map((g) => g.key),
    ),
  );
  return all.filter((g) => matched.has(g.key)).flatMap((g) => g.surveys);
};

const pct = (n: number) => `${Number(n.toFixed(1))}%`;
const signed = (n: number) => `${n > 0 ? '+' : ''}${Number(n.toFixed(1))}`;

/**
 * The survey evidence of a promise for a window, or undefined when the promise is not about support or
 * no answer matches it in this window or the one before.
 */
export const surveyEvidence = (
  promise: { category: Category; qualifiers: Qualifiers },
  current: readonly StoredSurvey[],
  previous: readonly StoredSurvey[],
  rule: SurveyRule,
  comments = 0,
): SurveyEvidence | undefined => {
  if (!SURVEYED_CATEGORIES.has(promise.category)) return undefined;
  const now = score(matchSurveys(promise, current));
  const before = score(matchSurveys(promise, previous));
  if (now.responses === 0 && before.responses === 0) return undefined;
  const csatDelta = now.csat && before.csat ? r1(now.csat.percent - before.csat.percent) : null;
  const npsDelta = now.nps && before.nps ? r1(now.nps.score - before.nps.score) : null;
  const csatLow = now.csat !== null && now.csat.rated >= rule.minResponses && now.csat.percent < rule.floor;
  const npsLow =
    rule.npsFloor !== undefined &&
    now.nps !== null &&
    now.nps.rated >= rule.minResponses &&
    now.nps.score < rule.npsFloor;
  const parts: string[] = [];
  if (now.csat) {
    parts.push(
      `CSAT ${pct(now.csat.percent)} satisfied on ${now.csat.rated} ${now.csat.rated === 1 ? 'survey' : 'surveys'}${before.csat ? ` (${pct(before.csat.percent)} the window before, ${signed(csatDelta ?? 0)} points)` : ''}`,
    );
  }
  if (now.nps) {
    parts.push(
      `NPS ${signed(now.nps.score)} on ${now.nps.rated} ${now.nps.rated === 1 ? 'answer' : 'answers'}${before.nps ? ` (${signed(before.nps.score)} before)` : ''}`,
    );
  }
  if (now.responses === 0) parts.push(`no surveys this window (${before.responses} the window before)`);
  if (csatLow) parts.push(`below the ${rule.floor}% floor`);
  if (npsLow) parts.push(`NPS below the floor of ${rule.npsFloor}`);
  if (comments > 0) parts.push(`${comments} ${comments === 1 ? 'comment' : 'comments'} read as complaints`);
  return {
    responses: now.responses,
    csat: now.csat,
    nps: now.nps,
    previous:
      before.responses > 0
        ? {
            responses: before.responses,
            csatPercent: before.csat?.percent ?? null,
            nps: before.nps?.score ?? null,
          }
        : null,
    trend: { csatDelta, npsDelta },
    floor: { csat: rule.floor, nps: rule.npsFloor ?? null, minResponses: rule.minResponses },
    belowFloor: csatLow || npsLow,
    comments,
    summary: parts.join('; '),
  };
};

/** Whether the surveys contradict the numbers: kept (or at risk), yet satisfaction under the floor. */
export const surveyPerceptionGap = (status: VerdictStatus, evidence: SurveyEvidence | undefined): boolean =>
  (status === 'kept' || status === 'at_risk') && evidence?.belowFloor === true;

/** The id a survey comment has among complaints. */
export const commentComplaintId = (surveyId: string): string => `survey:${surveyId}`;

/**
 * Survey comments as complaints, for the complaint linking rules: the comment's text and analysis,
 * the survey's dimensions, its channel as the way it arrived.
 */
export const commentsAsComplaints = (surveys: readonly StoredSurvey[]): StoredComplaint[] =>
  surveys.flatMap((s) => {
    if (!s.comment || !s.analysis) return [];
    const channel = s.dimensions.channel ?? s.dimensions.via;
    return [
      {
        id: commentComplaintId(s.id),
        at: s.at,
        text: s.comment,
        ...(channel ? { channel } : {}),
        dimensions: s.dimensions,
        analysis: s.analysis,
      },
    ];
  });
