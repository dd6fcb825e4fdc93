// Records kept once by id and read back by time window: complaints and survey answers. Each item
// is written only if its id is new (the id is the record's content identity, so the first write
// wins and a re-import stores nothing), and indexed by UTC day so a window reads one partition
// per day.

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { toItem } from './items.ts';
import { isConditionalFailure, type Table } from './table.ts';

const DAY_MS = 86_400_000;
const WRITES_IN_FLIGHT = 16;

export interface DatedRecordKeys {
  /** The item's primary key for a record id. */
  item: (id: string) => { pk: string; sk: string };
  /** The index partition for a UTC day (YYYY-MM-DD). */
  byDay: (day: string) => string;
}

export interface DatedRecords<T> {
  put(records: T[]): Promise<{ accepted: number; duplicates: number }>;
  between(from: string, to: string): Promise<T[]>;
}

export const createDatedRecords = <T extends { id: string; at: string }>(
  table: Table,
  keys: DatedRecordKeys,
  fromItem: (item: Record<string, unknown>) => T,
): DatedRecords<T> => {
  const { client, tableName, queryAll } = table;
  return {
    async put(records) {
      const limit = pLimit(WRITES_IN_FLIGHT);
      const outcomes = await Promise.all(
        records.map((record) =>
          limit(async () => {
            const at = new Date(record.at).toISOString();
            try {
              await client.send(
                new PutCommand({
                  TableName: tableName,
                  Item: toItem(keys.item(record.id), record, {
                    gsi1pk: keys.byDay(at.slice(0, 10)),
                    gsi1sk: `${at}#${record.id}`,
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

    async between(from, to) {
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
              ':pk': keys.byDay(day),
              ':from': start.toISOString(),
              ':to': `${new Date(end.getTime() - 1).toISOString()}#~`,
            },
          }),
        ),
      );
      return perDay.flat().map(fromItem);
    },
  };
};
