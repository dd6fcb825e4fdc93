// Survey answers: one item per answer id (its content identity, first write wins), indexed by day
// for window reads, as complaints are.

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import * as z from 'zod/mini';
import type { Store, StoredSurvey } from '../core/index.ts';
import { check, toItem } from './items.ts';
import { keys } from './schema.ts';
import { isConditionalFailure, type Table } from './table.ts';

export type SurveyRepository = Pick<Store, 'putSurveys' | 'surveysBetween'>;

const DAY_MS = 86_400_000;

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
  const { client, tableName, queryAll } = table;
  return {
    async putSurveys(surveys) {
      const limit = pLimit(16);
      const outcomes = await Promise.all(
        surveys.map((s) =>
          limit(async () => {
            const at = new Date(s.at).toISOString();
            try {
              await client.send(
                new PutCommand({
                  TableName: tableName,
                  Item: toItem(keys.survey(s.id), s, {
                    gsi1pk: keys.surveysByDay(at.slice(0, 10)),
                    gsi1sk: `${at}#${s.id}`,
                  }),
                  ConditionExpression: 'attribute_not_exists(pk)',
                }),
              );
              return true;
            } catch (error) {
              if (isConditionalFailure(error)) return false;
              throw error;
            }
          }),
        ),
      );
      const accepted = outcomes.filter(Boolean).length;
      return { accepted, duplicates: outcomes.length - accepted };
    },

    async surveysBetween(from, to) {
      const start = new Date(from);
      const end = new Date(to);
      const days: string[] = [];
      for (
        let d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
        d < end.getTime();
        d += DAY_MS
      ) {
        days.push(new Date(d).toISOString().slice(0, 10));
      }
      const perDay = await Promise.all(
        days.map((day) =>
          queryAll({
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': keys.surveysByDay(day),
              ':from': start.toISOString(),
              ':to': `${new Date(end.getTime() - 1).toISOString()}#~`,
            },
          }),
        ),
      );
      return perDay.flat().map(fromSurveyItem);
    },
  };
};
