// POST /v1/surveys: survey answers (CSAT, smileys, NPS) with their scale; a score outside its scale is
// a 400 naming the answer; comments are read by the complaint reader; an answer is stored once by content.

import { createRoute } from '@hono/zod-openapi';
import type { StoredSurvey } from '../../core/index.ts';
import { readScale, surveyIdentity } from '../../surveys/index.ts';
import type { AppContext } from '../context.ts';
import { newRouter } from '../router.ts';
import { errorResponses } from '../schemas.ts';
import { SurveysBody, SurveysResultSchema } from '../survey-schemas.ts';
import { analyseInTurns } from './complaints.ts';

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['ingestion'],
  summary: 'Ingest survey answers',
  description:
    'Survey answers with their scale (1-5, 1-3, 0-10, good/bad, freshdesk). A score outside its scale is a 400 ' +
    'that names the answer; an answer already stored (same content) counts as a duplicate.',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: SurveysBody } } } },
  responses: {
    200: { description: 'Ingested', content: { 'application/json': { schema: SurveysResultSchema } } },
    ...errorResponses,
  },
});

export const surveyRoutes = (ctx: AppContext) =>
  newRouter().openapi(route, async (c) => {
    const { surveys } = c.req.valid('json');
    const analyze = ctx.analyzeComplaint;
    const comments = surveys.map((s) => s.comment ?? '');
    const analyses = analyze ? await analyseInTurns(comments.filter(Boolean), analyze) : [];
    let next = 0;
    const seen = new Map<string, number>();
    const stored: StoredSurvey[] = surveys.map((s) => {
      // The body is validated: every scale is known and every score on it.
      const scale = readScale(s.scale) ?? 'csat5';
      const score = typeof s.score === 'number' ? s.score : s.score === 'good' ? 1 : 0;
      const dimensions = { ...s.dimensions, ...(s.channel ? { channel: s.channel } : {}) };
      const parts = {
        at: new Date(s.at).toISOString(),
        score,
        scale,
        ...(s.comment ? { comment: s.comment } : {}),
        ...(s.ticket ? { ticket: s.ticket } : {}),
        dimensions,
      };
      const first = surveyIdentity(parts, s.id ?? '', 0);
      const occurrence = (seen.get(first) ?? 0) + 1;
      seen.set(first, occurrence);
      const analysis = s.comment ? analyses[next++] : undefined;
      return {
        id: occurrence === 1 ? first : surveyIdentity(parts, s.id ?? '', occurrence),
        ...parts,
        ref: `api:${c.get('requestId')}`,
        ...(analysis ? { analysis } : {}),
      };
    });
    const result = await ctx.store.putSurveys(stored);
    const readAsComplaints = stored.filter((s) => s.analysis?.isComplaint).length;
    ctx.logger.info('surveys ingested', { requestId: c.get('requestId'), ...result, readAsComplaints });
    return c.json({ ...result, comments: readAsComplaints }, 200);
  });
