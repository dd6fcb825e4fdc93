// The survey shapes of the API: the POST /v1/surveys body and the survey evidence a verdict carries.

import { z } from '@hono/zod-openapi';
import { dimensionNameProblem } from '../ingest/index.ts';
import { readScale, SCALE_HINT, SCALES } from '../surveys/index.ts';

export const MAX_SURVEYS_PER_REQUEST = 1000;

const dimensionName = z
  .string()
  .min(1)
  .max(100)
  .superRefine((name, ctx) => {
    const problem = dimensionNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const SurveyInputSchema = z
  .object({
    id: z.string().min(1).max(200).optional().openapi({ description: 'The answer id in your tool, if any' }),
    ticket: z.string().min(1).max(200).optional(),
    score: z
      .union([z.number(), z.enum(['good', 'bad'])])
      .openapi({ description: 'The score on its scale; "good"/"bad" on good/bad', example: 4 }),
    scale: z.string().openapi({ description: `The answer's scale: ${SCALE_HINT}`, example: '1-5' }),
    at: z.iso.datetime({ offset: true }).openapi({ example: '2026-11-16T09:30:00Z' }),
    comment: z.string().min(1).max(20_000).optional(),
    channel: z.string().min(1).max(100).optional(),
    dimensions: z
      .record(dimensionName, z.string().max(200))
      .refine((d) => Object.keys(d).length <= 20, 'at most 20 dimensions')
      .default({}),
  })
  .superRefine((answer, ctx) => {
    const scale = readScale(answer.scale);
    if (!scale) {
      ctx.addIssue({
        code: 'custom',
        path: ['scale'],
        message: `unknown scale "${answer.scale}" (${SCALE_HINT})`,
      });
      return;
    }
    const score =
      typeof answer.score === 'number' ? answer.score : scale === 'binary' && answer.score === 'good' ? 1 : 0;
    if (typeof answer.score === 'string' && scale !== 'binary') {
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: `"${answer.score}" is a score only on good/bad`,
      });
      return;
    }
    const problem = SCALES[scale].problem(score);
    if (problem) ctx.addIssue({ code: 'custom', path: ['score'], message: problem });
  })
  .openapi('SurveyInput');

export const SurveysBody = z
  .object({ surveys: z.array(SurveyInputSchema).min(1).max(MAX_SURVEYS_PER_REQUEST) })
  .openapi('SurveysBatch', { description: `Up to ${MAX_SURVEYS_PER_REQUEST} survey answers` });

export const SurveysResultSchema = z
  .object({
    accepted: z.number().int(),
    duplicates: z.number().int(),
    comments: z.number().int().openapi({ description: 'How many accepted comments read as complaints' }),
  })
  .openapi('SurveysResult');

export const SurveyEvidenceSchema = z
  .object({
    responses: z.number(),
    csat: z.object({ rated: z.number(), satisfied: z.number(), percent: z.number() }).nullable(),
    nps: z
      .object({ rated: z.number(), promoters: z.number(), detractors: z.number(), score: z.number() })
      .nullable(),
    previous: z
      .object({ responses: z.number(), csatPercent: z.number().nullable(), nps: z.number().nullable() })
      .nullable(),
    trend: z.object({ csatDelta: z.number().nullable(), npsDelta: z.number().nullable() }),
    floor: z.object({ csat: z.number(), nps: z.number().nullable(), minResponses: z.number() }),
    belowFloor: z.boolean(),
    comments: z.number(),
    summary: z.string(),
  })
  .openapi('SurveyEvidence', {
    description:
      'The survey answers matched to the promise in the window (same plan, channel, priority as its metrics)',
  });
