// The table every repository shares: the client, the options, and the read and write helpers
// (paged queries, batch writes with retries, cursors) that each aggregate's repository builds on.

import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { type Logger, silentLogger } from '../core/index.ts';
import { StoreWriteError } from './errors.ts';
import type { Item } from './items.ts';

export interface DynamoStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  logger?: Logger;
  /** Injected so tests need not wait; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Days raw crawl claims are kept (TTL). */
  crawlClaimTtlDays?: number;
  /** Sample ids kept per rollup item before the hour starts a new part (default 10,000; items stay far under 400 KB). */
  idsPerRollupPart?: number;
  /** Signs pagination cursors (HMAC-SHA-256); without it cursors are still strictly validated. */
  cursorKey?: string | Uint8Array;
}

export const isConditionalFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type Table = ReturnType<typeof createTable>;

export const createTable = (options: DynamoStoreOptions) => {
  const { client, tableName } = options;
  const logger = options.logger ?? silentLogger;
  const sleep = options.sleep ?? defaultSleep;

  const get = async (key: { pk: string; sk: string }) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;

  const put = (item: Item) => client.send(new PutCommand({ TableName: tableName, Item: item }));

  /** Every page of a query; callers bound the partition so this never grows unbounded. */
  const queryAll = async (input: Omit<QueryCommandInput, 'TableName'>, max = Number.POSITIVE_INFINITY) => {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({ TableName: tableName, ...input, ExclusiveStartKey: start }),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && out.length < max);
    return out;
  };

  const queryPk = (pk: string, skPrefix?: string) =>
    queryAll({
      KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :sk)' : 'pk = :pk',
      ExpressionAttributeValues: skPrefix ? { ':pk': pk, ':sk': skPrefix } : { ':pk': pk },
    });

  /** BatchWrite with retries of unprocessed items (exponential backoff); throws if any remain. */
  const batchPut = async (items: Item[]) => {
    const limit = pLimit(8);
    const chunks: Item[][] = [];
    for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
    await Promise.all(
      chunks.map((chunk) =>
        limit(async () => {
          let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
          for (let attempt = 0; pending.length > 0; attempt++) {
            if (attempt > 8) {
              throw new StoreWriteError(
                `${pending.length} items were still unprocessed after ${attempt} attempts`,
              );
            }
            if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2));
            const result = await client.send(
              new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
            );
            pending = (result.UnprocessedItems?.[tableName] ?? []).flatMap((r) =>
              r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item as Item } }] : [],
            );
          }
        }),
      ),
    );
  };

  return { options, client, tableName, logger, sleep, get, put, queryAll, queryPk, batchPut };
};
