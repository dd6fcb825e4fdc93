// Complaints: one item per complaint id (first write wins), indexed by day for window reads.

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import * as z from 'zod/mini';
import type { Store, StoredComplaint } from '../core/index.ts';
import { check, toItem } from './items.ts';
import { keys } from './schema.ts';
import { isConditionalFailure, type Table } from './table.ts';

export type ComplaintRepository = Pick<Store, 'putComplaints' | 'complaintsBetween'>;

const DAY_MS = 86_400_000;

const complaintShape = z.looseObject({
  id: z.string(),
  at: z.string(),
  text: z.string(),
  analysis: z.looseObject({ isComplaint: z.boolean(), categories: z.array(z.string()) }),
});

export const fromComplaintItem = (item: Record<string, unknown>) =>
  check<StoredComplaint>(item, complaintShape, 'complaint');

export const createComplaintRepository = (table: Table): ComplaintRepository => {
  const { client, tableName, queryAll } = table;

  return {
    async putComplaints(complaints: StoredComplaint[]) {
      const limit = pLimit(16);
      const outcomes = await Promise.all(
        complaints.map((c) =>
          limit(async () => {
            try {
              await client.send(
                new PutCommand({
                  TableName: tableName,
                  Item: toItem(keys.complaint(c.id), c, {
                    gsi1pk: keys.complaintsByDay(new Date(c.at).toISOString().slice(0, 10)),
                    gsi1sk: `${new Date(c.at).toISOString()}#${c.id}`,
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

    async complaintsBetween(from, to) {
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
              ':pk': keys.complaintsByDay(day),
              ':from': start.toISOString(),
              ':to': `${new Date(end.getTime() - 1).toISOString()}#~`,
            },
          }),
        ),
      );
      return perDay.flat().map(fromComplaintItem);
    },
  };
};
