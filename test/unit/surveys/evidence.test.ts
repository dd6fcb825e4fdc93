import { describe, expect, it } from 'vitest';
import type { StoredSurvey, SurveyScale } from '../../../packages/core/index.ts';
import {
  commentsAsComplaints,
  surveyEvidence,
  surveyJudgement,
  surveyPerceptionGap,
} from '../../../packages/surveys/index.ts';

let n = 0;
const answer = (
  score: number,
  scale: SurveyScale,
  dimensions: Record<string, string>,
  at = '2026-11-17T10:00:00Z',
): StoredSurvey => ({
  id: `s${++n}`,
  at,
  score,
  scale,
  dimensions,
});
const many = (count: number, score: number, scale: SurveyScale, dims: Record<string, string>) =>
  Array.from({ length: count }, () => answer(score, scale, dims));

const rule = { floor: 70, minResponses: 10 };
const chatPromise = {
  category: 'response_time' as const,
  qualifiers: { channel: 'Live chat', statistic: 'median' as const },
};

describe('CSAT and NPS of the matched answers', () => {
  it('counts 4 and 5 of 1–5 as satisfied (top-2-box) and only the promise’s channel', () => {
    const current = [
      ...many(3, 5, 'csat5', { channel: 'chat' }),
      ...many(3, 4, 'csat5', { channel: 'chat' }),
      ...many(4, 3, 'csat5', { channel: 'chat' }),
      ...many(10, 1, 'csat5', { channel: 'email' }),
    ];
    const e = surveyEvidence(chatPromise, current, [], rule);
    expect(e?.responses).toBe(10);
    expect(e?.csat).toEqual({ rated: 10, satisfied: 6, percent: 60 });
    expect(e?.belowFloor).toBe(true);
  });

  it('computes NPS as promoters (9–10) less detractors (0–6) and the trend against the window before', () => {
    const current = [...many(5, 10, 'nps', {}), ...many(3, 8, 'nps', {}), ...many(2, 3, 'nps', {})];
    const previous = [...many(2, 9, 'nps', {}), ...many(2, 0, 'nps', {})];
    const e = surveyEvidence({ category: 'resolution_time', qualifiers: {} }, current, previous, rule);
    expect(e?.nps).toEqual({ rated: 10, promoters: 5, detractors: 2, score: 30 });
    expect(e?.csat).toBeNull();
    expect(e?.trend.npsDelta).toBe(30);
    expect(e?.belowFloor).toBe(false);
  });

  it('matches plan and priority the way metrics are matched (Urgent = P1, plan names normalised)', () => {
    const current = [
      ...many(6, 1, 'binary', { plan: 'Pro plan', priority: 'Urgent' }),
      ...many(6, 0, 'binary', { plan: 'Starter', priority: 'Urgent' }),
    ];
    const e = surveyEvidence(
      { category: 'response_time', qualifiers: { tier: 'Pro', severity: 'P1' } },
      current,
      [],
      rule,
    );
    expect(e?.csat).toEqual({ rated: 6, satisfied: 6, percent: 100 });
  });

  it('says nothing for promises surveys do not speak to (shipping), or when no answer matches', () => {
    const current = many(12, 0, 'binary', { channel: 'chat' });
    expect(surveyEvidence({ category: 'delivery_time', qualifiers: {} }, current, [], rule)).toBeUndefined();
    expect(
      surveyEvidence({ category: 'response_time', qualifiers: { channel: 'phone' } }, current, [], rule),
    ).toBeUndefined();
  });
});

describe('the perception gap from surveys', () => {
  const low = surveyEvidence(chatPromise, many(12, 0, 'binary', { channel: 'chat' }), [], rule);
  const few = surveyEvidence(chatPromise, many(9, 0, 'binary', { channel: 'chat' }), [], rule);
  const fine = surveyEvidence(chatPromise, many(12, 1, 'binary', { channel: 'chat' }), [], rule);

  it.each([
    ['kept, satisfaction under the floor', 'kept', low, true],
    ['at risk, satisfaction under the floor', 'at_risk', low, true],
    ['breached: a delivery gap, not a perception gap', 'breached', low, false],
    ['kept, under the floor on fewer answers than the minimum', 'kept', few, false],
    ['kept and satisfied', 'kept', fine, false],
    ['kept, no surveys', 'kept', undefined, false],
  ] as const)('%s → %s', (_name, status, evidence, gap) => {
    expect(surveyPerceptionGap(status, evidence)).toBe(gap);
  });

  it('holds NPS against its floor only when one is configured', () => {
    const detractors = many(12, 2, 'nps', {});
    const p = { category: 'response_time' as const, qualifiers: {} };
    expect(surveyEvidence(p, detractors, [], rule)?.belowFloor).toBe(false);
    expect(surveyEvidence(p, detractors, [], { ...rule, npsFloor: 0 })?.belowFloor).toBe(true);
  });

  it('counts the linked comments in the evidence and names the floor in the rules settings', () => {
    const { surveys } = surveyJudgement({ floor: 75, minResponses: 5 });
    const e = surveys.evidence(chatPromise, many(5, 0, 'binary', { channel: 'chat' }), [], {
      matched: 2,
      allegingBreach: 1,
      quotes: [],
      perceptionGap: false,
      linked: [
        { id: 'survey:s1', weight: 1, alleging: true },
        { id: 'C-1', weight: 1, alleging: false },
      ],
    });
    expect(e?.comments).toBe(1);
    expect(e?.summary).toContain('below the 75% floor');
    expect(surveys.settings).toBe('Surveys: CSAT floor 75%, at least 5 answers per window.');
  });
});

describe('survey comments as complaints', () => {
  it('hands only analysed comments on, with the survey’s channel as the way they arrived', () => {
    const withComment: StoredSurvey = {
      ...answer(0, 'binary', { channel: 'chat', plan: 'Pro' }),
      comment: 'Waited 40 minutes on chat',
      analysis: { isComplaint: true, categories: ['response_time'], durations: [], sentiment: -1 },
    };
    const out = commentsAsComplaints([withComment, answer(1, 'binary', {})]);
    expect(out).toEqual([
      {
        id: `survey:${withComment.id}`,
        at: withComment.at,
        text: 'Waited 40 minutes on chat',
        channel: 'chat',
        dimensions: { channel: 'chat', plan: 'Pro' },
        analysis: withComment.analysis,
      },
    ]);
  });
});
