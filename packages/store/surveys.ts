// Survey answers: one item per answer id (its content identity, first write wins), indexed by day
// for window reads, as complaints are.

import * as z from 'zod/mini';
import type { Store, StoredSurvey } from '../core/index.ts';
import { createDatedRecords } from './dated-records.ts';
import { check } from './items.ts';
import { keys } from './schema.ts';
import type { Table } from './table.ts';

export type SurveyRepository = Pick<Store, 'putSurveys' | 'surveysBetween'>;

const surveyShape = z.looseObject({
  id: z.string(),
  at: z.string(),
  score: z.number(),
  scale: z.enum(['binary', 'csat3', 'csat5', 'nps', 'freshdesk']),
  dimensions: z.record(z.string(), z.string()),
});

export const fromSurveyItem = (item: Record<string, unknown>) =>
  check<StoredSurvey>(item, surveyShape, 'survey');

export const createSurveyRepository = (table: Table): SurveyRepository => {
  const records = createDatedRecords<StoredSurvey>(
    table,
    { item: keys.survey, byDay: keys.surveysByDay },
    fromSurveyItem,
  );
  return { putSurveys: records.put, surveysBetween: records.between };
};
